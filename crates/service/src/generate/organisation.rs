//! The organisation of a synthetic installation: associations, providers and
//! interventions sized to the number of participations, written as a setup file
//! so that the ordinary setup import checks and stores it.

use super::pick::{log_normal, weighted};
use rand::Rng;
use rand::rngs::StdRng;
use samverka_domain::orgnr::luhn_ok;
use std::fmt::Write;
use time::Date;

/// Places that name associations and interventions.
const PLACES: [&str; 40] = [
    "Umeå",
    "Höglandet",
    "Kalmar",
    "Skellefteå",
    "Luleå",
    "Östersund",
    "Sundsvall",
    "Gävle",
    "Falun",
    "Uppsala",
    "Västerås",
    "Örebro",
    "Karlstad",
    "Linköping",
    "Norrköping",
    "Jönköping",
    "Växjö",
    "Karlskrona",
    "Kristianstad",
    "Malmö",
    "Lund",
    "Helsingborg",
    "Halmstad",
    "Borås",
    "Trollhättan",
    "Skövde",
    "Göteborg",
    "Västervik",
    "Visby",
    "Nyköping",
    "Eskilstuna",
    "Södertälje",
    "Botkyrka",
    "Järfälla",
    "Norrtälje",
    "Kiruna",
    "Piteå",
    "Härnösand",
    "Ljusdal",
    "Mora",
];

/// Names of interventions, after the seeds and their kind.
const NAMES: [&str; 12] = [
    "Nätkraft",
    "Gemensamma Taget",
    "Steget Vidare",
    "Jobbspåret",
    "Vägen framåt",
    "Arbetsbron",
    "Nya steg",
    "Rätt stöd",
    "Insteget",
    "Kraftsamling",
    "Unga till arbete",
    "Mötesplatsen",
];

/// One generated intervention and what its participations need.
#[derive(Debug, Clone)]
pub struct GenIntervention {
    /// Code, e.g. `I0001`.
    pub code: String,
    /// The provider's code.
    pub provider: String,
    /// Process template code.
    pub template: &'static str,
    /// First day.
    pub start: Date,
    /// How many participations it gets.
    pub participations: usize,
    /// The funding association's municipalities.
    pub municipalities: Vec<String>,
    /// Coaches working in it.
    pub coaches: usize,
}

/// The setup file and the interventions it defines.
#[derive(Debug, Clone)]
pub struct GenOrganisation {
    /// The associations' codes.
    pub associations: Vec<String>,
    /// A setup file (TOML) for `import_setup`.
    pub setup: String,
    /// The interventions, in code order.
    pub interventions: Vec<GenIntervention>,
}

/// About 500 participations per intervention over ten years and 25 interventions
/// per association, as in the country (2 000 interventions, 80 associations at
/// 1 000 000 participations).
pub fn organisation(rng: &mut StdRng, participations: usize) -> GenOrganisation {
    let n_interventions = participations.div_ceil(500).max(1);
    let n_associations = n_interventions.div_ceil(25).clamp(1, 80);
    let mut setup = String::from("# Samverka – syntetisk installation (samverka gen)\n\n");
    let mut municipalities = Vec::new();
    for a in 0..n_associations {
        let place = PLACES[a % PLACES.len()];
        let name = if a < PLACES.len() {
            format!("Samordningsförbundet {place}")
        } else {
            format!("Samordningsförbundet {place} {}", a / PLACES.len() + 1)
        };
        let towns: Vec<String> = (0..1 + a % 4)
            .map(|k| {
                format!(
                    "{place}{}",
                    if k == 0 {
                        String::new()
                    } else {
                        format!(" {k}")
                    }
                )
            })
            .collect();
        let _ = writeln!(
            setup,
            "[[association]]\ncode = \"F{a:02}\"\nname = \"{name}\"\norgnr = \"{}\"\nstart = \"2008-01-01\"\nmunicipalities = [{}]\nmembers = [\n  {{ code = \"FK\", name = \"Försäkringskassan\", financier = true, share = 25.0 }},\n  {{ code = \"AF\", name = \"Arbetsförmedlingen\", financier = true, share = 25.0 }},\n  {{ code = \"REGION\", name = \"Regionen\", financier = true, share = 25.0 }},\n  {{ code = \"KOMMUN\", name = \"{place} kommun\", financier = true, share = 25.0 }},\n]\n",
            orgnr(a),
            quoted(&towns)
        );
        municipalities.push(towns);
    }
    let n_providers = n_interventions.div_ceil(3);
    for p in 0..n_providers {
        let place = PLACES[(p / 3) % PLACES.len()];
        let unit = [
            "Arbetsmarknadsenheten",
            "Socialpsykiatrin",
            "Arbetsförmedlingen",
        ][p % 3];
        let _ = writeln!(
            setup,
            "[[provider]]\ncode = \"P{p:04}\"\nname = \"{place}, {unit} {p}\"\n"
        );
    }
    let weights: Vec<f64> = (0..n_interventions)
        .map(|_| log_normal(rng, 1.0, 0.5))
        .collect();
    let sizes = apportion(participations, &weights);
    let mut interventions = Vec::new();
    for (i, size) in sizes.into_iter().enumerate() {
        let a = i % n_associations;
        let template = weighted(
            rng,
            &[
                ("supported_employment", 50),
                ("ips", 15),
                ("basprogram", 20),
                ("teamrehabilitering", 15),
            ],
        );
        let start = Date::from_calendar_date(2014 + rng.gen_range(0..3), time::Month::January, 1)
            .expect("a valid date")
            + time::Duration::days(rng.gen_range(0..365));
        let code = format!("I{i:04}");
        let name = format!("{} {}", NAMES[i % NAMES.len()], municipalities[a][0]);
        // About a tenth of the participations are open at a time; 18 per coach.
        let coaches = (size / 10).div_ceil(18).max(1);
        let _ = writeln!(
            setup,
            "[[intervention]]\ncode = \"{code}\"\nname = \"{name}\"\nassociation = \"F{a:02}\"\nprovider = \"P{:04}\"\norientation = \"individinriktad\"\nfollow_up = \"individual\"\ntemplate = \"{template}\"\nstart = \"{start}\"\ndescription = \"Arbetslivsinriktad rehabilitering för personer som står långt från arbetsmarknaden.\"\ntarget_groups = [\"Personer med psykisk funktionsnedsättning\"]\nplanned_places = {}\nplanned_participants_per_year = {}\ncaseload_min = 15\ncaseload_max = 20\nsteering_group = [\"Försäkringskassan\", \"Arbetsförmedlingen\"]\n\n[[intervention.goal]]\ncode = \"arbete_eller_studier\"\nlabel = \"Arbete eller studier\"\nbasis = \"all_participations\"\nnumerator = {{ status_at_exit = [\"arbete\", \"studier\"] }}\ntarget = 0.35\n\n[[intervention.goal]]\ncode = \"battre_livssituation\"\nlabel = \"Upplever förbättrad livssituation\"\nbasis = \"exits\"\nnumerator = {{ experience_improved = [\"life_situation\"] }}\ntarget = 0.8\n",
            i / 3,
            coaches * 18,
            size.div_ceil(10).max(1),
        );
        interventions.push(GenIntervention {
            code,
            provider: format!("P{:04}", i / 3),
            template,
            start,
            participations: size,
            municipalities: municipalities[a].clone(),
            coaches,
        });
    }
    GenOrganisation {
        associations: (0..n_associations).map(|a| format!("F{a:02}")).collect(),
        setup,
        interventions,
    }
}

/// `total` split in proportion to `weights`, summing exactly to `total`.
fn apportion(total: usize, weights: &[f64]) -> Vec<usize> {
    let sum: f64 = weights.iter().sum();
    let mut sizes: Vec<usize> = weights
        .iter()
        .map(|w| (w / sum * total as f64).floor() as usize)
        .collect();
    let short = total - sizes.iter().sum::<usize>();
    for k in 0..short {
        let n = sizes.len();
        sizes[k % n] += 1;
    }
    sizes
}

/// An association's organisation number, `222000-` and a valid check digit.
fn orgnr(index: usize) -> String {
    let nine = format!("222000{:03}", 100 + index);
    let check = (0..10u8)
        .find(|d| {
            let digits: Vec<u8> = nine.bytes().map(|b| b - b'0').chain([*d]).collect();
            luhn_ok(&digits)
        })
        .unwrap_or(0);
    format!("{}-{}{check}", &nine[..6], &nine[6..])
}

fn quoted(list: &[String]) -> String {
    list.iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn sizes_add_up_and_scale_with_the_country() {
        let mut rng = StdRng::seed_from_u64(1);
        let org = organisation(&mut rng, 1_000_000);
        assert_eq!(org.interventions.len(), 2_000);
        assert_eq!(
            org.interventions
                .iter()
                .map(|i| i.participations)
                .sum::<usize>(),
            1_000_000
        );
        assert_eq!(org.setup.matches("[[association]]").count(), 80);
        let small = organisation(&mut rng, 50);
        assert_eq!(small.interventions.len(), 1);
        assert_eq!(small.interventions[0].participations, 50);
    }

    #[test]
    fn organisation_numbers_pass_the_check() {
        for i in 0..80 {
            samverka_domain::orgnr::OrgNumber::parse("orgnr", &orgnr(i)).unwrap();
        }
    }
}
