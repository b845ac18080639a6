//! Roster planning against the shared samples (each with its truth counts) and hostile inputs.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use gridbook::domain::{Address, Relation};
use gridbook::roster::{
    PlanOptions, RejectReason, RosterError, RosterPlan, WarningKind, plan_bytes, plan_file,
    rejected_csv_bytes, rejected_path, write_rejected_csv,
};
use serde::Deserialize;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn opts() -> PlanOptions {
    PlanOptions::new(today())
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Truth {
    households: usize,
    persons_in_file: usize,
    person_rows_in_file: usize,
    persons_valid: usize,
    duplicate_rows: usize,
    rejected: Vec<TruthRejected>,
    encoding: String,
}

#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
struct TruthRejected {
    row: usize,
    reason: String,
    name: String,
}

fn truth(stem: &str) -> Truth {
    let text = std::fs::read_to_string(data(&format!("{stem}.truth.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn assert_matches_truth(plan: &RosterPlan, truth: &Truth, file: &str) {
    assert_eq!(
        plan.households.len(),
        truth.households,
        "{file}: households"
    );
    assert_eq!(
        plan.person_rows, truth.person_rows_in_file,
        "{file}: person rows"
    );
    assert_eq!(
        plan.persons_in_file(),
        truth.persons_in_file,
        "{file}: persons in file"
    );
    assert_eq!(
        plan.persons_valid(),
        truth.persons_valid,
        "{file}: persons valid"
    );
    assert_eq!(
        plan.duplicates.len(),
        truth.duplicate_rows,
        "{file}: duplicates"
    );
    let rejected: Vec<TruthRejected> = plan
        .rejected
        .iter()
        .map(|r| TruthRejected {
            row: r.row,
            reason: r.reason.code().to_string(),
            name: r.name.clone(),
        })
        .collect();
    assert_eq!(rejected, truth.rejected, "{file}: rejected");
}

#[test]
fn clean_sample_csv_matches_truth() {
    let truth = truth("roster_sample");
    let plan = plan_file(&data("roster_sample.csv"), &opts()).unwrap();
    assert_matches_truth(&plan, &truth, "roster_sample.csv");
    assert_eq!(plan.encoding, truth.encoding);
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
}

#[test]
fn clean_sample_xlsx_matches_truth() {
    let truth = truth("roster_sample");
    let plan = plan_file(&data("roster_sample.xlsx"), &opts()).unwrap();
    assert_matches_truth(&plan, &truth, "roster_sample.xlsx");
    assert_eq!(plan.encoding, "xlsx");
}

#[test]
fn messy_sample_csv_matches_truth() {
    let truth = truth("roster_sample_messy");
    let plan = plan_file(&data("roster_sample_messy.csv"), &opts()).unwrap();
    assert_matches_truth(&plan, &truth, "roster_sample_messy.csv");
    assert_eq!(plan.encoding, truth.encoding);
}

#[test]
fn messy_sample_xlsx_matches_truth() {
    let truth = truth("roster_sample_messy");
    let plan = plan_file(&data("roster_sample_messy.xlsx"), &opts()).unwrap();
    assert_matches_truth(&plan, &truth, "roster_sample_messy.xlsx");
    assert_eq!(plan.encoding, "xlsx");
}

#[test]
fn csv_and_xlsx_of_a_sample_plan_the_same_households() {
    for stem in ["roster_sample", "roster_sample_messy"] {
        let csv = plan_file(&data(&format!("{stem}.csv")), &opts()).unwrap();
        let xlsx = plan_file(&data(&format!("{stem}.xlsx")), &opts()).unwrap();
        assert_eq!(csv.households, xlsx.households, "{stem}");
        assert_eq!(csv.duplicates, xlsx.duplicates, "{stem}");
    }
}

#[test]
fn messy_sample_details() {
    let plan = plan_file(&data("roster_sample_messy.csv"), &opts()).unwrap();
    // The header is under a title row.
    assert_eq!(plan.header_row, 2);
    // Row 80 repeats row 79 (same ID number) and does not start a household.
    let dup = &plan.duplicates[0];
    assert_eq!(
        (dup.row, dup.first_row, dup.name.as_str()),
        (80, 79, "穆秀兰")
    );
    let mu = plan.households.iter().find(|h| h.first_row == 79).unwrap();
    let names: Vec<_> = mu.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["穆秀兰", "耿成"]);
    // Merged cells: row 4 has only a name and gets the head's address and grid; full-width
    // room numbers (row 79 `１３０４`) are plain digits.
    let first = &plan.households[0];
    assert_eq!(first.address, Address::new("张家港花园", "23", "1", "302"));
    assert_eq!(first.grid.as_deref(), Some("第一网格"));
    assert_eq!(first.members[1].name, "张静");
    assert_eq!(first.members[1].relation, Relation::Spouse);
    assert_eq!(mu.address.room, "1304");
    // Phones with dashes and stray spaces are normalised.
    let wei = plan.households.iter().find(|h| h.first_row == 9).unwrap();
    assert_eq!(
        wei.members[0].phone.as_ref().unwrap().as_str(),
        "15884818835"
    );
    let cao = plan
        .households
        .iter()
        .flat_map(|h| &h.members)
        .find(|m| m.row == 77)
        .unwrap();
    assert_eq!(cao.phone.as_ref().unwrap().as_str(), "15749869178");
    // The refused rows say where, what and what to do; ID numbers are masked.
    let checksum = plan.rejected.iter().find(|r| r.row == 241).unwrap();
    assert_eq!(checksum.column.as_deref(), Some("身份证号"));
    assert_eq!(checksum.value, "1410**********0920");
    assert!(!checksum.hint.is_empty());
    let sci = plan.rejected.iter().find(|r| r.row == 298).unwrap();
    assert_eq!(sci.value, "1.41033E+17");
    assert_eq!(
        plan.rejected_by_reason(),
        vec![
            (RejectReason::IdNumberScientificNotation, 1),
            (RejectReason::IdNumberChecksum, 1),
            (RejectReason::MissingName, 1),
        ]
    );
}

#[test]
fn rejected_rows_file_keeps_the_columns_and_adds_the_reason() {
    let plan = plan_file(&data("roster_sample_messy.csv"), &opts()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("台账.csv");
    let out = rejected_path(&source);
    assert_eq!(out.file_name().unwrap(), "台账.csv.rejected.csv");
    assert_eq!(write_rejected_csv(&plan, &out).unwrap(), 3);
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "网格,小区,楼栋,单元,门牌号,姓名,与户主关系,性别,身份证号,联系电话,人员类别,备注,reason,原因"
    );
    // Row 212 had only a room under merged cells; the filled values are written so the file
    // can be fixed and imported on its own.
    assert_eq!(
        lines[1],
        "第一网格,张家港花园,7栋,4单元,1604,,配偶,男,\t141033199805169218,13950590174,退役军人,,missing_name,没有姓名：填上姓名；如果这一行不是人，删掉它"
    );
    // Beside the stable code, the reason and what to do in Chinese.
    assert!(lines[3].contains(",1.41033E+17,,,,id_number_scientific_notation,身份证号被 Excel"));
    // The rejected file itself plans: the fixed rows would import.
    let again = plan_bytes(&rejected_csv_bytes(&plan).unwrap(), "x.csv", &opts()).unwrap();
    assert_eq!(again.rejected.len(), 3);
    assert!(
        again
            .warnings
            .iter()
            .any(|w| w.kind == WarningKind::UnknownColumns && w.value.contains("reason"))
    );
}

// ---- quirks ------------------------------------------------------------------------------

fn plan_csv(text: &str) -> RosterPlan {
    plan_bytes(text.as_bytes(), "t.csv", &opts()).unwrap()
}

#[test]
fn full_width_digits_building_spellings_and_plus86_phones() {
    let plan = plan_csv(
        "小区,楼栋,单元,门牌号,姓名,与户主关系,性别,身份证号,手机\n\
         华家园,３栋,２单元,４０１室,王宁,户主,男,５２０３２３１９７２０１３１５８５６,+86 150 9099 6030\n\
         华家园,3号楼,2,401,周慧,配偶,女,520323197206144363,＋８６１３１２４６２８１９４\n",
    );
    assert_eq!(plan.households.len(), 1);
    let h = &plan.households[0];
    assert_eq!(h.address, Address::new("华家园", "3", "2", "401"));
    let phones: Vec<_> = h
        .members
        .iter()
        .map(|m| m.phone.as_ref().unwrap().as_str())
        .collect();
    assert_eq!(phones, ["15090996030", "13124628194"]);
    assert_eq!(
        h.members[0].id_number.as_ref().unwrap().as_str(),
        "520323197201315856"
    );
    assert_eq!(h.grid, None);
}

#[test]
fn grid_option_fills_households_without_a_grid() {
    let mut o = opts();
    o.grid = Some("第九网格".into());
    let plan = plan_bytes(
        "小区,门牌号,姓名,关系\n华家园,101,王宁,户主\n".as_bytes(),
        "t.csv",
        &o,
    )
    .unwrap();
    assert_eq!(plan.households[0].grid.as_deref(), Some("第九网格"));
}

#[test]
fn tags_split_on_mixed_separators() {
    let plan = plan_csv(
        "小区,门牌号,姓名,关系,人员类别\n华家园,101,王宁,户主,\"低保户、残疾人，党员;重病 独居老人\"\n",
    );
    let tags: Vec<_> = plan.households[0].members[0]
        .tags
        .iter()
        .map(|t| t.as_str().to_string())
        .collect();
    assert_eq!(tags, ["低保户", "残疾人", "党员", "重病", "独居老人"]);
}

#[test]
fn title_rows_trailing_empty_rows_and_english_headers() {
    let plan = plan_csv(
        "XX社区人口台账,,\n填表日期：2026年11月,,\n,,\n Name ,Relation,Room,Compound\n王宁,户主,101,华家园\n周慧,配偶,,\n,,,\n,,,\n\n",
    );
    assert_eq!(plan.header_row, 4);
    assert_eq!(plan.person_rows, 2);
    assert_eq!(plan.households.len(), 1);
    assert_eq!(plan.households[0].members[1].row, 6);
}

#[test]
fn merged_cells_fill_down_within_a_household_only() {
    let plan = plan_csv(
        "网格,小区,楼栋,单元,门牌号,姓名,与户主关系\n\
         第一网格,华家园,3栋,2单元,401,王宁,户主\n\
         ,,,,,周慧,配偶\n\
         ,,,,402,李宁,户主\n\
         ,,,,,李娟,女\n",
    );
    let addrs: Vec<_> = plan
        .households
        .iter()
        .map(|h| h.address.display())
        .collect();
    // The second head's compound, building and unit are under the same merged cells; its room
    // is its own.
    assert_eq!(addrs, ["华家园3栋2单元401室", "华家园3栋2单元402室"]);
    assert!(
        plan.households
            .iter()
            .all(|h| h.grid.as_deref() == Some("第一网格"))
    );
    assert_eq!(plan.households[1].members.len(), 2);
}

#[test]
fn households_by_number_and_by_address() {
    // With 户号, the number decides, even when the rows are apart and a 户号 cell is merged.
    let plan = plan_csv(
        "户号,小区,门牌号,姓名,关系\nH1,华家园,101,王宁,户主\nH2,华家园,102,李宁,户主\n,,,李娟,女\nH1,,,周慧,配偶\n",
    );
    let counts: Vec<_> = plan.households.iter().map(|h| h.members.len()).collect();
    assert_eq!(counts, [2, 2]);
    assert_eq!(plan.households[1].household_no.as_deref(), Some("H2"));
    // Without 户号 and without relations, the address tells households apart.
    let plan = plan_csv("小区,门牌号,姓名\n华家园,101,王宁\n华家园,102,李宁\n华家园,101,周慧\n");
    let counts: Vec<_> = plan.households.iter().map(|h| h.members.len()).collect();
    assert_eq!(counts, [2, 1]);
    assert!(plan.warnings.iter().any(|w| w.kind == WarningKind::NoHead));
}

#[test]
fn a_written_address_column_is_split() {
    let plan = plan_csv("姓名,关系,住址\n王宁,户主,幸福小区3栋2单元401室\n周慧,配偶,\n");
    assert_eq!(plan.households.len(), 1);
    assert_eq!(
        plan.households[0].address,
        Address::new("幸福小区", "3", "2", "401")
    );
}

#[test]
fn refusals_row_by_row() {
    let plan = plan_csv(
        "姓名,关系,性别,身份证号,门牌号\n\
         周慧,配偶,女,520323197206144363,\n\
         王宁,户主,女,520323197201315856,101\n\
         李宁,父亲,男,520323195013326279,\n\
         ,女,女,,\n",
    );
    let got: Vec<_> = plan
        .rejected
        .iter()
        .map(|r| (r.row, r.reason.code()))
        .collect();
    assert_eq!(
        got,
        [
            (2, "no_household"),
            (3, "gender_mismatch"),
            (4, "id_number_date"),
            (5, "missing_name"),
        ]
    );
}

#[test]
fn same_name_in_a_household_is_a_duplicate_unless_the_ids_differ() {
    let plan = plan_csv(
        "小区,门牌号,姓名,关系,身份证号\n\
         华家园,101,王宁,户主,520323197201315856\n\
         ,,王宁,户主,\n\
         ,,王娟,女,520323200010184480\n\
         ,,王娟,女,520323194203138503\n",
    );
    let dups: Vec<_> = plan
        .duplicates
        .iter()
        .map(|d| (d.row, d.first_row))
        .collect();
    assert_eq!(dups, [(3, 2)]);
    assert_eq!(plan.persons_valid(), 3);
}

#[test]
fn a_bad_phone_keeps_the_row_and_warns() {
    let plan = plan_csv("小区,门牌号,姓名,关系,电话\n华家园,101,王宁,户主,无\n");
    assert!(plan.rejected.is_empty());
    assert_eq!(plan.households[0].members[0].phone, None);
    assert!(
        plan.warnings
            .iter()
            .any(|w| w.kind == WarningKind::BadPhone && w.row == Some(2))
    );
}

#[test]
fn gbk_csv_without_bom_is_detected() {
    let text = "姓名,关系,门牌号\n王宁,户主,101\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let plan = plan_bytes(&gbk, "t.csv", &opts()).unwrap();
    assert_eq!(plan.encoding, "gb18030");
    assert_eq!(plan.households[0].members[0].name, "王宁");
}

// ---- XLSX built in the test ----------------------------------------------------------------

fn xlsx_with(sheets: &[(&str, &[&[&str]])]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                if let Ok(n) = cell.parse::<f64>() {
                    sheet.write_number(r, c, n).unwrap();
                } else if !cell.is_empty() {
                    sheet.write_string(r, c, *cell).unwrap();
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn xlsx_numbers_dates_and_sheet_choice() {
    let notes: &[&[&str]] = &[&["说明"], &["本表由社区填写"]];
    let roster: &[&[&str]] = &[
        &["小区", "门牌号", "姓名", "关系", "手机", "身份证号"],
        &[
            "华家园",
            "1204",
            "王宁",
            "户主",
            "15090996030",
            "520323720131585",
        ],
    ];
    let bytes = xlsx_with(&[("说明", notes), ("台账", roster)]);
    let plan = plan_bytes(&bytes, "t.xlsx", &opts()).unwrap();
    let h = &plan.households[0];
    assert_eq!(h.address.room, "1204");
    let m = &h.members[0];
    assert_eq!(m.phone.as_ref().unwrap().as_str(), "15090996030");
    assert_eq!(m.id_number.as_ref().unwrap().as_str(), "520323720131585");

    let mut o = opts();
    o.sheet = Some("说明".into());
    assert!(matches!(
        plan_bytes(&bytes, "t.xlsx", &o),
        Err(RosterError::NoNameColumn { .. })
    ));
    o.sheet = Some("没有".into());
    let err = plan_bytes(&bytes, "t.xlsx", &o).unwrap_err();
    assert!(matches!(err, RosterError::SheetNotFound { .. }));
    assert!(err.to_string().contains("台账"), "{err}");
}

#[test]
fn a_hidden_sheet_is_not_taken_for_the_roster() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let hidden = book.add_worksheet();
    hidden.set_name("字典").unwrap();
    hidden.write_string(0, 0, "姓名").unwrap();
    hidden.write_string(1, 0, "示例").unwrap();
    hidden.set_hidden(true);
    let roster = book.add_worksheet();
    roster.set_name("台账").unwrap();
    roster.set_active(true);
    for (c, h) in ["姓名", "关系", "门牌号"].iter().enumerate() {
        roster.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["王宁", "户主", "101"].iter().enumerate() {
        roster.write_string(1, c as u16, *v).unwrap();
    }
    let plan = plan_bytes(&book.save_to_buffer().unwrap(), "t.xlsx", &opts()).unwrap();
    assert_eq!(plan.households[0].members[0].name, "王宁");
}

#[test]
fn xlsx_date_cells_are_birth_dates() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["小区", "门牌号", "姓名", "关系", "出生日期"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["华家园", "101", "王宁", "户主"].iter().enumerate() {
        sheet.write_string(1, c as u16, *v).unwrap();
    }
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(1972, 1, 31).unwrap();
    let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    sheet
        .write_datetime_with_format(1, 4, &date, &format)
        .unwrap();
    let plan = plan_bytes(&book.save_to_buffer().unwrap(), "t.xlsx", &opts()).unwrap();
    assert_eq!(
        plan.households[0].members[0].birth,
        NaiveDate::from_ymd_opt(1972, 1, 31)
    );
}
