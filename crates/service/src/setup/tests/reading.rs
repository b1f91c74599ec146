//! Files that read: the SPEC example, round trips and stored codes.

use super::*;

#[test]
fn the_spec_example_parses() {
    let plan = parse_ok(SPEC_EXAMPLE);
    assert_eq!(plan.associations.len(), 1);
    let sfu = &plan.associations[0];
    assert_eq!(sfu.orgnr, "222000-0000");
    assert_eq!(sfu.municipalities, vec!["Umeå".to_string()]);
    assert_eq!(sfu.members[0].kind, MemberKind::Stat);
    assert_eq!(sfu.members[1].kind, MemberKind::Kommun);
    assert!(sfu.members.iter().all(|m| m.financier && m.share.is_none()));
    assert_eq!(plan.providers[0].code, "UK-SP");
    assert!(plan.templates.is_empty());
    let nk = &plan.interventions[0];
    assert_eq!(nk.associations, vec!["SFU".to_string()]);
    assert_eq!(nk.orientation, Orientation::Individinriktad);
    assert_eq!(nk.follow_up, FollowUp::Individual);
    assert_eq!(nk.template, "supported_employment");
    assert_eq!(
        (nk.start, nk.end),
        (date!(2006 - 05 - 01), Some(date!(2013 - 12 - 31)))
    );
    assert_eq!(nk.description, "");
    let goal = &nk.goals[0];
    assert_eq!(goal.basis, Basis::AllParticipations);
    assert_eq!(
        goal.numerator,
        Numerator::StatusAtExit(vec![Occupation::Arbete, Occupation::Studier])
    );
    assert_eq!(goal.population, Population::default());
    assert_eq!(goal.target, 3500);
    assert_eq!(goal.period, None);
    assert_eq!(parse_ok(&export(&plan)), plan);
}

#[test]
fn four_interventions_round_trip_byte_for_byte() {
    let plan = parse_ok(FOUR);
    assert_eq!(plan.associations.len(), 3);
    assert_eq!(plan.providers.len(), 3);
    assert_eq!(plan.templates.len(), 1);
    assert_eq!(plan.interventions.len(), 4);
    let exported = export(&plan);
    assert_eq!(exported, FOUR);
    assert_eq!(parse_ok(&exported), plan);
}

#[test]
fn the_four_interventions_read_as_written() {
    let plan = parse_ok(FOUR);
    let sfh = &plan.associations[1];
    let shares: Vec<Option<u32>> = sfh.members.iter().map(|m| m.share).collect();
    assert_eq!(
        shares,
        vec![
            Some(2500),
            Some(2500),
            Some(2500),
            Some(417),
            Some(2083),
            None
        ]
    );
    let kinds: Vec<MemberKind> = sfh.members.iter().map(|m| m.kind).collect();
    use MemberKind::*;
    assert_eq!(kinds, vec![Stat, Stat, Region, Kommun, Kommun, Annan]);
    assert!(sfh.share_warnings().is_empty());
    let jobbspar = &plan.templates[0];
    assert_eq!(jobbspar.stages[1].code, "praktik_pa_arbetsplats");
    let nk = &plan.interventions[0];
    assert!(nk.description.contains("\n") && nk.description.contains("\"hela vägen\""));
    assert_eq!((nk.caseload_min, nk.caseload_max), (Some(15), Some(20)));
    let gt = &plan.interventions[1];
    assert!(gt.esf_funded);
    assert_eq!(gt.planned_places, Some(30));
    assert_eq!(gt.goals[1].target, 500);
    let hl = &plan.interventions[2];
    assert_eq!(hl.end, None);
    let population = &hl.goals[0].population;
    assert_eq!(
        population.income_source_before,
        vec![IncomeSource::Aktivitetsersattning]
    );
    assert_eq!(
        (population.age_min, population.age_max),
        (Some(19), Some(29))
    );
    assert_eq!(
        hl.goals[0].period,
        Some((date!(2015 - 01 - 01), date!(2017 - 12 - 31)))
    );
    let sv = &plan.interventions[3];
    assert_eq!(sv.associations, vec!["SFU".to_string(), "SFH".to_string()]);
    assert_eq!(
        sv.goals[0].numerator,
        Numerator::ReachedDuring(vec![Reached::Employment, Reached::Studies])
    );
    assert_eq!(sv.goals[0].population.sex, Some(Sex::Kvinna));
    assert_eq!(
        sv.goals[1].numerator,
        Numerator::ExitReason(vec![ExitReason::Arbete])
    );
    assert_eq!(sv.goals[1].target, 3742);
}

#[test]
fn an_orgnr_is_stored_normalised() {
    let plan = parse_ok(&base_with("222000-0000", "2220000000"));
    assert_eq!(plan.associations[0].orgnr, "222000-0000");
}

#[test]
fn own_and_stored_templates_are_known() {
    let own = format!(
        "{}\n[[template]]\ncode = \"jobbspar\"\nname = \"Jobbspår\"\nstages = [\"Kartläggning\"]\n",
        base_with("\"supported_employment\"", "\"jobbspar\"")
    );
    assert_eq!(parse_ok(&own).templates[0].code, "jobbspar");
    let stored = base_with("\"supported_employment\"", "\"stored_one\"");
    let known = Known {
        templates: vec!["stored_one".into()],
        ..Known::default()
    };
    assert!(parse("setup.toml", &stored, &known).is_ok());
    assert_eq!(refused(&stored)[0].key, "intervention[1].template");
}

#[test]
fn references_may_point_at_stored_codes() {
    let text = r#"[[intervention]]
code = "NK"
name = "Nätkraft"
association = "SFU"
provider = "UK-SP"
orientation = "individinriktad"
follow_up = "individual"
template = "ips"
start = "2006-05-01"
"#;
    let errors = refused(text);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_eq!(errors[0].key, "intervention[1].association");
    assert_eq!(errors[0].line, 4);
    assert_eq!(errors[1].key, "intervention[1].provider");
    assert_eq!(errors[1].line, 5);
    let known = Known {
        associations: vec!["SFU".into()],
        providers: vec!["UK-SP".into()],
        templates: vec![],
    };
    let plan = parse("setup.toml", text, &known).expect("stored codes are known");
    assert_eq!(plan.interventions[0].goals, vec![]);
}

#[test]
fn toml_dates_and_integer_numbers_are_accepted() {
    let text = base_with("start = \"2006-05-01\"", "start = 2006-05-01")
        .replace("target = 0.35", "target = 1");
    let plan = parse_ok(&text);
    assert_eq!(plan.interventions[0].start, date!(2006 - 05 - 01));
    assert_eq!(plan.interventions[0].goals[0].target, 10_000);
    let errors = refused(&base_with(
        "start = \"2006-05-01\"",
        "start = 2006-05-01T10:00:00",
    ));
    assert!(
        error_for(&errors, "intervention[1].start")
            .message
            .contains("inget giltigt datum")
    );
}

#[test]
fn member_kinds_are_written_only_when_they_differ_from_the_guess() {
    let text = base_with(
        "{ code = \"FK\", name = \"Försäkringskassan\", financier = true }",
        "{ code = \"FK\", name = \"Försäkringskassan\", kind = \"stat\" }, { code = \"SOC\", name = \"Socialtjänsten\", kind = \"kommun\" }",
    );
    let plan = parse_ok(&text);
    let exported = export(&plan);
    assert!(
        exported.contains("  { code = \"FK\", name = \"Försäkringskassan\" },\n"),
        "{exported}"
    );
    assert!(
        exported.contains("  { code = \"SOC\", name = \"Socialtjänsten\", kind = \"kommun\" },\n"),
        "{exported}"
    );
    assert_eq!(parse_ok(&exported), plan);
    let errors = refused(&text.replace("\"kommun\"", "\"komun\""));
    let e = error_for(&errors, "association[1].members[2].kind");
    assert!(e.message.contains("menade du 'kommun'?"), "{}", e.message);
}

#[test]
fn an_empty_file_is_an_empty_plan() {
    assert_eq!(parse_ok(""), SetupPlan::default());
    assert_eq!(
        export(&SetupPlan::default()),
        "# Samverka – organisation (samverka export setup)\n"
    );
}

#[test]
fn tricky_strings_round_trip() {
    let text = base_with("name = \"Nätkraft\"", "name = 'Nätkraft \"SE\" \\ del\t2'").replace(
        "end = \"2013-12-31\"",
        "end = \"2013-12-31\"\ndescription = \"\"\"\nRad ett\nRad två med \\\"citat\\\"\"\"\"",
    );
    let plan = parse_ok(&text);
    assert_eq!(plan.interventions[0].name, "Nätkraft \"SE\" \\ del\t2");
    assert_eq!(
        plan.interventions[0].description,
        "Rad ett\nRad två med \"citat\""
    );
    let exported = export(&plan);
    assert_eq!(parse_ok(&exported), plan);
    assert_eq!(export(&parse_ok(&exported)), exported);
}
