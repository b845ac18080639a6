//! Small statistics with honest empty cases: nothing to count gives `None`, never NaN or 0.

/// The median of `values`: the middle value of an odd count, the mean of the two middle values
/// of an even count, `None` for no values. Sorts `values` in place.
pub fn median(values: &mut [i64]) -> Option<f64> {
    values.sort_unstable();
    let n = values.len();
    let upper = *values.get(n / 2)?;
    if n % 2 == 1 {
        return Some(upper as f64);
    }
    let lower = *values.get(n / 2 - 1)?;
    Some((lower as f64 + upper as f64) / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::request::rate;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [4]), Some(4.0));
        assert_eq!(median(&mut [9, 1, 3]), Some(3.0));
        assert_eq!(median(&mut [7, 1, 3, 2]), Some(2.5));
        assert_eq!(median(&mut [0, 0]), Some(0.0));
        assert_eq!(median(&mut [5, 5, 1, 100, 2, 8]), Some(5.0));
    }

    #[test]
    fn rates_distinguish_nothing_counted_from_zero() {
        // Nothing resolved out of nothing opened: no rate at all.
        assert_eq!(rate(0, 0), None);
        // Nothing resolved out of some opened: a real 0%.
        assert_eq!(rate(0, 5), Some(0.0));
        assert_eq!(rate(5, 5), Some(1.0));
        assert!(rate(0, 0).is_none_or(|r| !r.is_nan()));
    }
}
