//! The hybrid logical clock: 48 bits of Unix milliseconds and a 16-bit counter in one u64.
//! It only orders history and picks which of several conflicting values to show; it never
//! decides whether there is a conflict.

/// Ops stamped more than this far ahead of the local wall clock are flagged and do not pull the
/// local clock further than this.
pub const MAX_AHEAD_MS: i64 = 24 * 60 * 60 * 1000;

/// Packs a wall-clock reading (negative readings count as 0).
pub fn from_millis(ms: i64) -> u64 {
    u64::try_from(ms).unwrap_or(0).min((1 << 48) - 1) << 16
}

/// The Unix milliseconds of a clock value.
pub fn millis(hlc: u64) -> i64 {
    i64::try_from(hlc >> 16).unwrap_or(i64::MAX)
}

/// The stamp for a new local op: the wall clock if it moved past the last stamp, else the last
/// stamp plus one. Never goes backwards, whatever the wall clock does.
pub fn tick(last: u64, now_ms: i64) -> u64 {
    let wall = from_millis(now_ms);
    if wall > last { wall } else { last + 1 }
}

/// The local clock after seeing a remote stamp: it advances to the remote value, but never more
/// than [`MAX_AHEAD_MS`] past the wall clock.
pub fn observe(last: u64, remote: u64, now_ms: i64) -> u64 {
    let cap = from_millis(now_ms.saturating_add(MAX_AHEAD_MS));
    last.max(remote.min(cap))
}

/// Stamps before 2020 or more than a day ahead of the wall clock are suspicious.
pub fn is_suspect(hlc: u64, now_ms: i64) -> bool {
    const JAN_2020_MS: i64 = 1_577_836_800_000;
    let ms = millis(hlc);
    ms < JAN_2020_MS || ms > now_ms.saturating_add(MAX_AHEAD_MS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const T: i64 = 1_795_000_000_000;

    #[test]
    fn wall_clock_going_back_does_not_move_the_clock_back() {
        let a = tick(0, T);
        let b = tick(a, T - 86_400_000);
        assert!(b > a);
        assert_eq!(millis(b), T);
    }

    #[test]
    fn observe_caps_far_future_stamps() {
        let far = from_millis(T + 365 * 86_400_000);
        let got = observe(from_millis(T), far, T);
        assert_eq!(millis(got), T + MAX_AHEAD_MS);
        assert!(is_suspect(far, T));
        assert!(is_suspect(from_millis(1_000), T));
        assert!(!is_suspect(from_millis(T), T));
    }

    proptest! {
        #[test]
        fn ticks_are_strictly_increasing(walls in proptest::collection::vec(0i64..4_000_000_000_000, 1..50)) {
            let mut last = 0;
            for w in walls {
                let next = tick(last, w);
                prop_assert!(next > last);
                last = next;
            }
        }
    }
}
