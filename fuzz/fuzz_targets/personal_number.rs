//! Fuzzes `PersonalNumber::parse` with arbitrary UTF-8 text and a fixed "today".
#![no_main]

use libfuzzer_sys::fuzz_target;
use samverka_domain::personal_number::PersonalNumber;
use time::{Date, Month};

fuzz_target!(|text: &str| {
    let today = Date::from_calendar_date(2026, Month::November, 22).unwrap();
    if let Ok(n) = PersonalNumber::parse("personnummer", text, today) {
        // Exercise the accessors of a number that parsed.
        let _ = n.digits();
        let _ = n.display();
        let _ = n.is_coordination_number();
        let _ = n.birth_date();
        let _ = n.sex();
        let _ = n.age_on(today);
        // What display() writes must parse back to the same number.
        let again = PersonalNumber::parse("personnummer", &n.display(), today)
            .expect("display() output must parse");
        assert_eq!(again, n);
    }
});
