//! The demo's participants: realistic journeys in the four seed interventions,
//! built through the same use cases as real work, so every rule applies. Names
//! are invented and personnummer are generated (they pass the check digit).

use super::demo_questionnaires::{self, Mood};
use crate::errors::CliError;
use samverka_domain::codes::{EmploymentForm, IncomeSource, Occupation, StudyForm};
use samverka_domain::journey::dates::add_months;
use samverka_domain::journey::entry::{Attendee, EntryBody};
use samverka_domain::journey::input::{EnrolmentInput, ExitInput};
use samverka_domain::journey::person::PersonInput;
use samverka_service::Services;
use samverka_service::accounts::Caller;
use samverka_service::journey::employers::EmployerInput;
use samverka_service::journey::enrolment::{EnrolFrom, EnrolRequest};
use samverka_service::journey::persons::PersonChoice;
use samverka_service::journey::referrals::ReferralInput;
use samverka_service::journey::selection::MeetingInput;
use time::{Date, Duration};

const FIRST_F: [&str; 12] = [
    "Anna", "Elin", "Sara", "Maja", "Fatima", "Linnéa", "Emma", "Hanna", "Amira", "Johanna", "Ida",
    "Saga",
];
const FIRST_M: [&str; 12] = [
    "Erik", "Johan", "Ali", "Oskar", "Mikael", "Jonas", "Ahmed", "Viktor", "Filip", "Daniel",
    "Hugo", "Simon",
];
const LAST: [&str; 16] = [
    "Lindberg",
    "Öberg",
    "Nyström",
    "Holm",
    "Sandberg",
    "Eriksson",
    "Lundgren",
    "Berg",
    "Hassan",
    "Forsberg",
    "Wikström",
    "Marklund",
    "Isaksson",
    "Jonsson",
    "Åström",
    "Nordin",
];

/// A small deterministic generator, so the demo is the same at every start.
pub(crate) struct Dice(pub(crate) u64);

impl Dice {
    pub(crate) fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// A fictitious personnummer for a birth date and sex, with a valid check digit.
fn personal_number(birth: Date, woman: bool, serial: u64) -> String {
    let sex_digit = (serial % 5) * 2 + u64::from(!woman);
    let nine = format!(
        "{:02}{:02}{:02}{:02}{}",
        birth.year() % 100,
        birth.month() as u8,
        birth.day(),
        20 + serial % 70,
        sex_digit
    );
    let sum: u32 = nine
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0') * if i % 2 == 0 { 2 } else { 1 };
            if d > 9 { d - 9 } else { d }
        })
        .sum();
    let check = (10 - sum % 10) % 10;
    format!(
        "{}{}-{}{}",
        birth.year() / 100,
        &nine[..6],
        &nine[6..],
        check
    )
}

/// Who works where in the demo (account ids).
pub struct DemoStaff {
    /// NK coach.
    pub nk_coach: Caller,
    /// GT coach.
    pub gt_coach: Caller,
    /// SV coach.
    pub sv_coach: Caller,
    /// JSA coach.
    pub jsa_coach: Caller,
    /// The FK partner officer (attends checkpoints, refers people).
    pub officer: i64,
}

/// The account id of a staff caller.
fn caller_id(caller: &Caller) -> i64 {
    match caller {
        Caller::User { id, .. } => *id,
        Caller::Cli(_) => 0,
    }
}

/// One planned journey: how far the person has come.
#[derive(Clone, Copy)]
enum Fate {
    Active(u32),
    ToWork(EmploymentForm, u8),
    ToStudies(StudyForm),
    ToIllness,
    Error,
}

/// Builds the demo journeys. `today` anchors every date.
pub async fn build(services: &Services, staff: &DemoStaff, today: Date) -> Result<(), CliError> {
    let mut dice = Dice(2026);
    let employers = demo_employers(services, staff).await?;
    let mut serial = 0;
    let plans: [(&str, &Caller, u32, &[Fate]); 4] = [
        (
            "NK",
            &staff.nk_coach,
            17,
            &[
                Fate::ToWork(EmploymentForm::Lonebidrag, 75),
                Fate::ToWork(EmploymentForm::Osubventionerad, 50),
                Fate::ToStudies(StudyForm::Komvux),
                Fate::ToIllness,
                Fate::Error,
            ],
        ),
        (
            "GT",
            &staff.gt_coach,
            7,
            &[Fate::ToWork(EmploymentForm::Nystartsjobb, 100)],
        ),
        (
            "SV",
            &staff.sv_coach,
            5,
            &[Fate::ToStudies(StudyForm::Folkhogskola)],
        ),
        (
            "JSA",
            &staff.jsa_coach,
            8,
            &[
                Fate::ToWork(EmploymentForm::Lonebidrag, 50),
                Fate::ToIllness,
            ],
        ),
    ];
    // Gemensamma Taget runs a basprogram: its current participants are one cohort
    // of at most eight (seed 002: groups of 6–8).
    let basprogram = services
        .create_cohort(
            &staff.gt_coach,
            "GT",
            "Basprogram 2025–2026",
            &(today - Duration::days(420)).to_string(),
            "8",
        )
        .await?;
    for (code, coach, active, exits) in plans {
        let fates = (0..active).map(Fate::Active).chain(exits.iter().copied());
        for (i, fate) in fates.enumerate() {
            serial += 1;
            let anonymous = code == "NK" && (i == 3 || i == 11);
            let journey = Journey {
                cohort: (code == "GT").then_some(basprogram),
                code,
                coach: caller_id(coach),
                fate,
                anonymous,
                serial,
                today,
                officer: staff.officer,
            };
            journey.run(services, coach, &mut dice, &employers).await?;
        }
    }
    pending_referrals(services, &staff.nk_coach, staff.officer, today, &mut dice).await
}

struct Journey {
    code: &'static str,
    cohort: Option<i64>,
    coach: i64,
    fate: Fate,
    anonymous: bool,
    serial: u64,
    today: Date,
    officer: i64,
}

impl Journey {
    async fn run(
        &self,
        s: &Services,
        by: &Caller,
        dice: &mut Dice,
        employers: &[(String, i64)],
    ) -> Result<(), CliError> {
        let woman = dice.next(2) == 0;
        let age = if self.code == "JSA" {
            20 + dice.next(9)
        } else {
            22 + dice.next(38)
        };
        let birth = self.today - Duration::days((age * 365 + dice.next(300)) as i64);
        let first = if woman {
            FIRST_F[dice.next(12) as usize]
        } else {
            FIRST_M[dice.next(12) as usize]
        };
        let name = format!("{first} {}", LAST[dice.next(16) as usize]);
        let months_ago = match self.fate {
            Fate::Active(i) => 1 + i % 14,
            _ => 12 + dice.next(10) as u32,
        };
        let start = self.today - Duration::days(i64::from(months_ago) * 30 + dice.next(20) as i64);
        let person = if self.anonymous {
            PersonInput {
                alias: format!("{}-A{}", self.code, self.serial),
                sex: if woman { "kvinna" } else { "man" }.into(),
                birth_year: birth.year().to_string(),
                protected: true,
                ..PersonInput::default()
            }
        } else {
            PersonInput {
                personal_number: personal_number(birth, woman, self.serial),
                name,
                ..PersonInput::default()
            }
        };
        let income = match self.code {
            "JSA" => "aktivitetsersattning",
            "GT" => ["forsorjningsstod", "sjukpenning|forsorjningsstod"][dice.next(2) as usize],
            _ => [
                "aktivitetsersattning",
                "sjukersattning",
                "forsorjningsstod",
                "sjukpenning",
            ][dice.next(4) as usize],
        };
        let input = EnrolmentInput {
            startdatum: start.to_string(),
            samtycke: if self.anonymous { "nej" } else { "ja" }.into(),
            samtycke_omfattning: "FK|AF".into(),
            forsorjning_fore: income.into(),
            sysselsattning_fore: [
                "ingen_sysselsattning",
                "sjukskriven",
                "aktivt_arbetssokande",
            ][dice.next(3) as usize]
                .into(),
            utbildningsniva: [
                "forgymnasial",
                "gymnasial_kort",
                "gymnasial",
                "eftergymnasial_kort",
            ][dice.next(4) as usize]
                .into(),
            tid_utan_arbete: ["1_2_ar", "2_3_ar", "3_5_ar", "over_5_ar", "aldrig_arbetat"]
                [dice.next(5) as usize]
                .into(),
            kommun: if self.code == "JSA" {
                ["Nässjö", "Eksjö", "Vetlanda", "Tranås"][dice.next(4) as usize]
            } else {
                "Umeå"
            }
            .into(),
            hinder: if self.code == "SV" {
                "skulder|smarta_och_psykisk_ohalsa"
            } else {
                ""
            }
            .into(),
            ..EnrolmentInput::default()
        };
        let from = if self.serial.is_multiple_of(4) && !self.anonymous {
            EnrolFrom::Referral(self.referred_and_accepted(s, by, &person, start).await?)
        } else {
            EnrolFrom::Person(PersonChoice::New {
                input: person,
                confirmed_new: true,
            })
        };
        let id = s
            .enrol(
                by,
                self.code,
                &EnrolRequest {
                    from,
                    coach: Some(self.coach),
                    cohort: self.cohort,
                    input,
                },
            )
            .await?;
        self.work(s, by, id, start, dice, employers).await
    }

    /// A day near today, most often ahead of it: what a coach has planned next.
    fn soon(&self, dice: &mut Dice) -> Date {
        self.today + Duration::days(dice.next(40) as i64 - 6)
    }

    async fn referred_and_accepted(
        &self,
        s: &Services,
        by: &Caller,
        person: &PersonInput,
        start: Date,
    ) -> Result<i64, CliError> {
        let received = start - Duration::days(21);
        let referral = ReferralInput {
            person: PersonChoice::New {
                input: person.clone(),
                confirmed_new: true,
            },
            received_on: received.to_string(),
            source: "FK".into(),
            source_unit: "Sjukförsäkringen, Umeå".into(),
            officer_name: "Eva Handläggare".into(),
            officer_user: Some(self.officer),
            reason: "Långvarigt sjukskriven, vill pröva att arbeta med stöd.".into(),
        };
        let id = s.create_referral(by, self.code, &referral).await?;
        s.move_referral(by, id, "foreslagen").await?;
        let meeting = MeetingInput {
            group: "rekryteringsgrupp".into(),
            held_on: (received + Duration::days(7)).to_string(),
            attendees:
                "FK: Eva Handläggare\nAF: Omar Arbetsförmedlare\nUMEA: Lena Socialsekreterare"
                    .into(),
            decisions: vec![(id, "anta".into(), true)],
        };
        s.record_meeting(by, self.code, &meeting).await?;
        Ok(id)
    }

    async fn work(
        &self,
        s: &Services,
        by: &Caller,
        id: i64,
        start: Date,
        dice: &mut Dice,
        employers: &[(String, i64)],
    ) -> Result<(), CliError> {
        let iv = s.journey_intervention(by, self.code).await?;
        let template = s.template(&iv.template).await?;
        let own: Vec<i64> = employers
            .iter()
            .filter(|(p, _)| *p == iv.provider)
            .map(|(_, e)| *e)
            .collect();
        let steps = match self.fate {
            Fate::Active(i) => (i as usize % template.stages.len()).max(1),
            _ => template.stages.len() - 1,
        };
        for (n, stage) in template
            .stages
            .iter()
            .enumerate()
            .skip(1)
            .take(steps.saturating_sub(1))
        {
            let on = (start + Duration::days(30 * n as i64 + dice.next(10) as i64)).min(self.today);
            s.move_stage(by, id, &stage.code, &on.to_string()).await?;
        }
        if self.anonymous {
            return Ok(());
        }
        let at = |days: i64| (start + Duration::days(days)).min(self.today);
        s.add_entry(
            by,
            id,
            at(10),
            EntryBody::Profile {
                interests: "Vill arbeta med händerna, gärna inom lager eller trädgård.".into(),
                abilities: "Noggrann, har körkort B. Tidigare erfarenhet av butik.".into(),
                needs: "Behöver korta dagar i början och tydliga instruktioner.".into(),
                support: "Stöd av arbetskonsulent på plats första veckorna.".into(),
            },
        )
        .await?;
        s.add_entry(
            by,
            id,
            at(12),
            EntryBody::PlanItem {
                goal: "Arbete på minst 50 %".into(),
                sub_goal: "Hitta en praktikplats inom lager".into(),
                activity: "Besöka tre arbetsgivare tillsammans".into(),
                responsible: "Deltagaren och arbetskonsulenten".into(),
                follow_up_on: Some(self.soon(dice).max(at(13))),
                done: !matches!(self.fate, Fate::Active(_)),
            },
        )
        .await?;
        if dice.next(4) > 0 {
            let last = match self.fate {
                Fate::Active(_) => (self.today - Duration::days(dice.next(28) as i64)).max(at(20)),
                _ => at(33),
            };
            s.add_entry(
                by,
                id,
                last,
                EntryBody::MonthlyFollowUp {
                    note: "Går framåt. Har varit på två arbetsgivarbesök.".into(),
                },
            )
            .await?;
        }
        if self.serial.is_multiple_of(3) {
            let attendees = vec![
                Attendee {
                    organisation: "deltagare".into(),
                    name: "Deltagaren".into(),
                    user_id: None,
                },
                Attendee {
                    organisation: "FK".into(),
                    name: "Eva Handläggare".into(),
                    user_id: Some(self.officer),
                },
            ];
            s.add_entry(
                by,
                id,
                at(40),
                EntryBody::Checkpoint {
                    attendees,
                    note: "Överens om att pröva arbetsträning.".into(),
                    next_on: Some(self.soon(dice).max(at(41))),
                },
            )
            .await?;
        }
        if dice.next(5) > 0 {
            demo_questionnaires::answer(s, by, id, "start", Mood::Start, dice).await?;
        } else if matches!(self.fate, Fate::Active(_)) {
            demo_questionnaires::unanswered(s, by, id).await?;
        }
        let employer = own[dice.next(own.len() as u64) as usize];
        if !matches!(self.fate, Fate::Active(i) if i % 3 == 0) {
            s.add_entry(
                by,
                id,
                at(60),
                EntryBody::Placement {
                    employer_id: employer,
                    until: None,
                    hours_per_week: 20,
                    tasks: "Plock och packning, påfyllning av hyllor.".into(),
                    adaptations: "Börjar 4 timmar om dagen, raster när det behövs.".into(),
                    supervisor: "Handledare på arbetsplatsen".into(),
                    goals: "Pröva arbetsförmåga och bygga rutiner.".into(),
                },
            )
            .await?;
        }
        self.finish(s, by, id, start, employer).await?;
        let mood = match self.fate {
            Fate::Active(_) | Fate::Error => return Ok(()),
            Fate::ToIllness => Mood::Worse,
            Fate::ToWork(..) | Fate::ToStudies(_) => Mood::Better,
        };
        demo_questionnaires::answer(s, by, id, "exit", mood, dice).await
    }

    async fn finish(
        &self,
        s: &Services,
        by: &Caller,
        id: i64,
        start: Date,
        employer: i64,
    ) -> Result<(), CliError> {
        let exit_on = (start + Duration::days(300)).min(self.today - Duration::days(190));
        let mut exit = ExitInput {
            slutdatum: exit_on.to_string(),
            forsorjning_efter: "lon".into(),
            ..ExitInput::default()
        };
        match self.fate {
            Fate::Active(_) => return Ok(()),
            Fate::ToWork(form, extent) => {
                s.add_entry(
                    by,
                    id,
                    exit_on - Duration::days(20),
                    EntryBody::Employment {
                        employer_id: employer,
                        until: None,
                        form,
                        extent,
                    },
                )
                .await?;
                exit.avslutsorsak = "arbete".into();
                exit.sysselsattning_efter = "arbete".into();
                exit.anstallningsform = form.code().into();
                exit.omfattning_procent = extent.to_string();
            }
            Fate::ToStudies(form) => {
                exit.avslutsorsak = "studier".into();
                exit.sysselsattning_efter = "studier".into();
                exit.studieform = form.code().into();
                exit.forsorjning_efter = "studiemedel".into();
            }
            Fate::ToIllness => {
                exit.avslutsorsak = "ohalsa".into();
                exit.sysselsattning_efter = "sjukskriven".into();
                exit.forsorjning_efter = "sjukpenning".into();
                exit.avslutsanalys =
                    "Psykisk ohälsa har ökat; behöver vård innan arbetslivsinriktade insatser."
                        .into();
                exit.mottagande_organisation = "Psykiatrin, Region Västerbotten".into();
            }
            Fate::Error => {
                exit.avslutsorsak = "felregistrering".into();
                exit.forsorjning_efter.clear();
            }
        }
        s.register_exit(by, id, &exit).await?;
        if matches!(self.fate, Fate::ToWork(..)) {
            let body = EntryBody::AfterExit {
                months: 6,
                occupation: Some(Occupation::Arbete),
                income: vec![IncomeSource::Lon],
            };
            s.add_entry(by, id, add_months(exit_on, 6), body).await?;
        }
        Ok(())
    }
}

/// A few employers in each provider's register: (provider code, employer id).
async fn demo_employers(s: &Services, staff: &DemoStaff) -> Result<Vec<(String, i64)>, CliError> {
    let mut ids = Vec::new();
    let registers = [
        ("UK-SP", &staff.nk_coach),
        ("AF-UMEA", &staff.gt_coach),
        ("UK-SOC", &staff.sv_coach),
        ("HL-KOMMUNER", &staff.jsa_coach),
    ];
    for (provider, by) in registers {
        for (name, sector, industry) in [
            ("ICA Maxi Umeå", "privat", "Dagligvaruhandel"),
            ("Umeå kommun, Fritid", "kommun", "Fritid och idrott"),
            ("Lagerhuset i Norr AB", "privat", "Lager och logistik"),
        ] {
            let input = EmployerInput {
                name: name.into(),
                sector: sector.into(),
                industry: industry.into(),
                contact: "Kontaktperson via växeln".into(),
                ..EmployerInput::default()
            };
            let id = s.save_employer(by, provider, 0, &input).await?;
            for (days_ago, note) in [
                (
                    60,
                    "Första kontakt: berättade om insatsen och stödet på arbetsplatsen.",
                ),
                (12, "Uppföljning: öppna för en praktikplats till våren."),
            ] {
                let on = (s.clock.today() - time::Duration::days(days_ago)).to_string();
                s.add_employer_contact(by, id, &on, note, None).await?;
            }
            ids.push((provider.to_string(), id));
        }
    }
    Ok(ids)
}

async fn pending_referrals(
    s: &Services,
    by: &Caller,
    officer: i64,
    today: Date,
    dice: &mut Dice,
) -> Result<(), CliError> {
    for (n, status) in ["mottagen", "foreslagen", "foreslagen"]
        .into_iter()
        .enumerate()
    {
        let woman = n % 2 == 0;
        let birth = today - Duration::days(365 * (25 + n as i64 * 7));
        let person = PersonInput {
            personal_number: personal_number(birth, woman, 900 + n as u64),
            name: format!(
                "{} {}",
                if woman {
                    FIRST_F[n + 3]
                } else {
                    FIRST_M[n + 3]
                },
                LAST[dice.next(16) as usize]
            ),
            ..PersonInput::default()
        };
        let input = ReferralInput {
            person: PersonChoice::New {
                input: person,
                confirmed_new: true,
            },
            received_on: (today - Duration::days(10 - n as i64)).to_string(),
            source: ["RVB", "FK", "UMEA"][n].into(),
            source_unit: [
                "Psykiatriska mottagningen",
                "Sjukförsäkringen",
                "Försörjningsstöd",
            ][n]
                .into(),
            officer_name: "Handläggare".into(),
            officer_user: (n == 1).then_some(officer),
            reason: "Vill ha stöd att hitta och behålla ett arbete.".into(),
        };
        let id = s.create_referral(by, "NK", &input).await?;
        if status == "foreslagen" {
            s.move_referral(by, id, status).await?;
        }
    }
    Ok(())
}
