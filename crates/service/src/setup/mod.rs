//! The setup file (SPEC 11): the organisation structure — associations, providers,
//! own process templates, interventions and their goals — as reviewable TOML.
//!
//! [`parse`] reads and checks a file and reports every problem with its line and
//! key; [`export`] writes a plan back in a canonical form that reads back the same.

mod error;
mod export;
mod getters;
mod goal;
mod intervention;
mod org;
mod parse;
mod reader;
mod values;

#[cfg(test)]
mod tests;

pub use error::SetupError;
pub use export::export;
pub use parse::parse;

use samverka_domain::association::{Association, Provider};
use samverka_domain::intervention::Intervention;
use samverka_domain::template::ProcessTemplate;

/// What a setup file creates or updates, in file order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SetupPlan {
    /// The `[[association]]` sections.
    pub associations: Vec<Association>,
    /// The `[[provider]]` sections.
    pub providers: Vec<Provider>,
    /// The `[[template]]` sections: own process templates.
    pub templates: Vec<ProcessTemplate>,
    /// The `[[intervention]]` sections with their goals.
    pub interventions: Vec<Intervention>,
}

/// Codes already stored, which a file may refer to without defining them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Known {
    /// Association codes.
    pub associations: Vec<String>,
    /// Provider codes.
    pub providers: Vec<String>,
    /// Own process template codes (the built-ins are always known).
    pub templates: Vec<String>,
}
