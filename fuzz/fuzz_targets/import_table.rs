//! Fuzzes the import file reader (CSV or XLSX by file name) and, for a table
//! that reads, the three row readers on every data row.
#![no_main]

use libfuzzer_sys::fuzz_target;
use samverka_domain::import::{association_row, budget_row, participation_row};
use samverka_service::import::table;
use time::{Date, Month};

fuzz_target!(|data: &[u8]| {
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let name = if first % 2 == 0 { "x.csv" } else { "x.xlsx" };
    let Ok(t) = table::read(name, bytes) else {
        return;
    };
    let today = Date::from_calendar_date(2026, Month::November, 22).unwrap();
    let positions = t.positions();
    for i in 0..t.rows.len() {
        let get = t.getter(i, &positions);
        let row = i + 2;
        let _ = participation_row::read_row(row, &get, today);
        let _ = budget_row::read_row(row, &get);
        let _ = association_row::read_row(row, &get);
        let _ = t.cell(i, "insats");
    }
});
