//! Files that are refused: each problem with file, line, key and a Swedish message.

use super::*;

#[test]
fn an_orgnr_with_a_wrong_check_digit_is_refused() {
    let text = base_with("222000-0000", "222000-0001");
    let errors = refused(&text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    assert_eq!(e.file, "setup.toml");
    assert_eq!(e.key, "association[1].orgnr");
    assert_eq!(e.line, line_of(&text, "orgnr"));
    assert_eq!(
        e.message,
        "Organisationsnummer: '222000-0001' har fel kontrollsiffra. Kontrollera numret."
    );
    assert_eq!(
        e.to_string(),
        format!("setup.toml:{}: association[1].orgnr: {}", e.line, e.message)
    );
}

#[test]
fn an_unknown_template_is_refused() {
    let text = base_with("\"supported_employment\"", "\"supported_employmnet\"");
    let errors = refused(&text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    assert_eq!(e.key, "intervention[1].template");
    assert_eq!(e.line, line_of(&text, "template ="));
    assert_eq!(
        e.message,
        fill(
            Lang::Sv,
            "error.template.unknown",
            &[("detail", "supported_employmnet")]
        )
    );
    assert!(
        e.message
            .starts_with("Mall: okänd mall 'supported_employmnet'")
    );
}

#[test]
fn a_goal_with_an_unknown_code_is_refused() {
    let text = base_with("[\"arbete\", \"studier\"]", "[\"jobb\"]");
    let errors = refused(&text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    assert_eq!(e.key, "intervention[1].goal[1].numerator");
    assert_eq!(e.line, line_of(&text, "numerator"));
    assert!(
        e.message
            .starts_with("numerator: okänd kod 'jobb'. Giltiga koder: arbete, studier,"),
        "{}",
        e.message
    );
}

#[test]
fn an_intervention_ending_before_it_starts_is_refused() {
    let text = base_with("2013-12-31", "2005-12-31");
    let errors = refused(&text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    assert_eq!(e.key, "intervention[1].end");
    assert_eq!(e.line, line_of(&text, "end ="));
    assert_eq!(
        e.message,
        "Slutdatum: kan inte vara före startdatum 2006-05-01."
    );
}

#[test]
fn an_unknown_key_is_reported_with_its_line_and_the_known_keys() {
    let text = base_with(
        "end = \"2013-12-31\"",
        "end = \"2013-12-31\"\nslut = \"2014-01-01\"",
    );
    let errors = refused(&text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    assert_eq!(e.key, "intervention[1].slut");
    assert_eq!(e.line, line_of(&text, "slut ="));
    assert!(
        e.message.starts_with("intervention: okänd nyckel 'slut'."),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("code, name, association, provider"),
        "{}",
        e.message
    );

    let text = base_with("target = 0.35", "traget = 0.35");
    let errors = refused(&text);
    let e = error_for(&errors, "intervention[1].goal[1].traget");
    assert!(e.message.contains("menade du 'target'?"), "{}", e.message);
    let missing = error_for(&errors, "intervention[1].goal[1].target");
    assert_eq!(missing.line, line_of(&text, "[[intervention.goal]]"));
    assert_eq!(missing.message, "target: nyckeln saknas men måste anges.");
}

#[test]
fn every_error_in_a_file_is_reported() {
    let text = r#"[[association]]
code = "SFU"
name = "Samordningsförbundet Umeå"
orgnr = "222000-0001"
start = "2005-02-30"
members = [
  { code = "FK", name = "Försäkringskassan", financier = "ja" },
  { code = "UMEA", name = "Umeå kommun", share = 125.0 },
  { code = "FK", name = "Försäkringskassan" },
]

[[provider]]
code = "UK-SP"
name = "Umeå kommun, Socialpsykiatri"

[[provider]]
code = "UK-SP"
name = "Dubblett"

[[intervention]]
code = "NK"
name = "Nätkraft"
association = ["SFU", "OKAND"]
provider = "NOBODY"
orientation = "individuell"
follow_up = "individual"
template = "supported_employment"
start = "2006-05-01"
planned_places = -3
colour = "blå"

[[intervention.goal]]
code = "arbete"
label = "Arbete"
basis = "all_participations"
numerator = { status_at_exit = ["arbete"], exit_reason = ["arbete"] }
target = 35

[[intervention.goal]]
code = "arbete"
label = "Arbete igen"
basis = "exits"
numerator = {}
population = { age_min = 30, age_max = 20 }
target = 0.5
period = { from = "2010-01-01" }

[[intervention]]
code = "X"
name = "Slut före start"
association = "SFU"
provider = "UK-SP"
orientation = "individinriktad"
follow_up = "head_count"
template = "ips"
start = "2010-01-01"
end = "2009-12-31"
"#;
    let errors = refused(text);
    let expected = [
        ("association[1].orgnr", "orgnr =", "kontrollsiffra"),
        (
            "association[1].start",
            "start = \"2005",
            "'2005-02-30' är inget giltigt datum",
        ),
        (
            "association[1].members[1].financier",
            "financier = \"ja\"",
            "true (ja) eller false (nej)",
        ),
        (
            "association[1].members[2].share",
            "share = 125.0",
            "125 ligger utanför 0–100",
        ),
        (
            "provider[2].code",
            "name = \"Dubblett\"",
            "koden 'UK-SP' finns redan på rad 13",
        ),
        (
            "intervention[1].association",
            "OKAND",
            "samordningsförbundet 'OKAND' finns varken",
        ),
        (
            "intervention[1].provider",
            "NOBODY",
            "anordnaren 'NOBODY' finns varken",
        ),
        (
            "intervention[1].orientation",
            "individuell",
            "okänd kod 'individuell'",
        ),
        (
            "intervention[1].planned_places",
            "planned_places",
            "heltal, 0 eller större",
        ),
        ("intervention[1].colour", "colour", "okänd nyckel 'colour'"),
        (
            "intervention[1].goal[1].numerator",
            "exit_reason",
            "inte flera (status_at_exit, exit_reason)",
        ),
        (
            "intervention[1].goal[1].target",
            "target = 35",
            "35 ligger utanför 0–1",
        ),
        (
            "intervention[1].goal[2].numerator",
            "numerator = {}",
            "exakt en av nycklarna",
        ),
        (
            "intervention[1].goal[2].period.to",
            "period = ",
            "to: nyckeln saknas",
        ),
        (
            "intervention[2].end",
            "end = \"2009",
            "Slutdatum: kan inte vara före startdatum 2010-01-01.",
        ),
    ];
    for (key, needle, words) in expected {
        let e = error_for(&errors, key);
        let mut line = line_of(text, needle);
        if key == "provider[2].code" {
            line -= 1;
        }
        assert_eq!(e.line, line, "{e}");
        assert!(e.message.contains(words), "{e}");
    }
    // A goal code used twice; the age band is not checked while the goal has other problems.
    let dup = errors
        .iter()
        .find(|e| e.key == "intervention[1].goal[2].code")
        .expect("duplicate goal code");
    assert!(dup.message.contains("finns två gånger"), "{dup}");
    assert_eq!(errors.len(), expected.len() + 1, "{errors:#?}");
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert!(lines.is_sorted(), "errors come in line order: {lines:?}");
}

#[test]
fn duplicate_members_and_cross_field_goal_errors_are_placed() {
    let text = base_with(
        "  { code = \"FK\", name = \"Försäkringskassan\", financier = true },\n",
        "  { code = \"FK\", name = \"Försäkringskassan\", financier = true },\n  { code = \"FK\", name = \"Försäkringskassan igen\" },\n",
    );
    let found = refused(&text);
    let e = error_for(&found, "association[1].members[2].code");
    assert_eq!(e.line, line_of(&text, "igen"));
    assert_eq!(e.message, "Medlemmar: koden FK finns två gånger.");

    let text = base_with(
        "target = 0.35",
        "target = 0.35\npopulation = { age_min = 30, age_max = 20 }",
    );
    let found = refused(&text);
    let e = error_for(&found, "intervention[1].goal[1].population");
    assert_eq!(e.line, line_of(&text, "population"));
    assert!(e.message.contains("lägsta ålder"), "{}", e.message);
}

#[test]
fn a_syntax_error_is_one_error_with_its_line() {
    let text = base_with("provider = \"UK-SP\"", "provider = \"UK-SP");
    let errors = refused(&text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].key, "toml");
    assert_eq!(errors[0].line, line_of(&text, "provider = \"UK-SP"));
    assert!(
        errors[0]
            .message
            .starts_with("Filen är inte giltig TOML här:")
    );
}

#[test]
fn wrong_types_and_missing_keys_are_named() {
    let text =
        "[[provider]]\ncode = \"P\"\n\n[[provider]]\nname = 3\n\n[association]\ncode = \"A\"\n";
    let errors = refused(text);
    let missing = error_for(&errors, "provider[2].code");
    assert_eq!(missing.line, 4);
    assert_eq!(missing.message, "code: nyckeln saknas men måste anges.");
    assert_eq!(error_for(&errors, "provider[1].name").line, 1);
    let wrong = error_for(&errors, "provider[2].name");
    assert_eq!(
        (wrong.line, wrong.message.as_str()),
        (5, "name: ska vara en text inom citattecken.")
    );
    let section = error_for(&errors, "association");
    assert_eq!(section.line, 7);
    assert!(
        section.message.contains("[[association]]"),
        "{}",
        section.message
    );
}

#[test]
fn own_template_errors_are_placed() {
    let text = format!(
        "{BASE}\n[[template]]\ncode = \"ips\"\nname = \"Egen IPS\"\nstages = [\"Start\"]\n\n\
         [[template]]\ncode = \"egen\"\nname = \"Egen\"\nstages = [\n  \"Start\",\n  \"Slut\",\n  \"start\",\n]\n\n\
         [[template]]\ncode = \"tom\"\nname = \"Tom\"\nstages = []\n"
    );
    let errors = refused(&text);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    let builtin = error_for(&errors, "template[1].code");
    assert_eq!(builtin.line, line_of(&text, "code = \"ips\""));
    assert!(builtin.message.contains("inbyggd mall"), "{builtin}");
    let twice = error_for(&errors, "template[2].stages");
    assert_eq!(twice.line, line_of(&text, "\"start\","));
    assert!(twice.message.contains("finns två gånger"), "{twice}");
    let empty = error_for(&errors, "template[3].stages");
    assert_eq!(empty.line, line_of(&text, "stages = []"));
}

#[test]
fn unknown_keys_inside_inline_tables_are_reported() {
    let text = base_with(
        "{ code = \"FK\", name = \"Försäkringskassan\", financier = true }",
        "{ code = \"FK\", name = \"Försäkringskassan\", financer = true }",
    )
    .replace(
        "target = 0.35",
        "target = 0.35\npopulation = { income_source = [\"aktivitetsersattning\"] }",
    );
    let errors = refused(&text);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    let member = error_for(&errors, "association[1].members[1].financer");
    assert_eq!(member.line, line_of(&text, "financer"));
    assert!(
        member.message.contains("menade du 'financier'?"),
        "{member}"
    );
    let population = error_for(&errors, "intervention[1].goal[1].population.income_source");
    assert_eq!(population.line, line_of(&text, "population"));
    assert!(
        population
            .message
            .contains("income_source_before, age_min, age_max, sex"),
        "{population}"
    );
}
