//! Figures and how they are shown: the standard report, disclosure control, Swedish
//! number formats, the Wilson interval, and the report's outputs (HTML with SVG
//! charts, CSV, XLSX, and Typst markup for the PDF).

pub mod budget;
pub mod budget_document;
pub mod cost_document;
pub mod cost_report;
mod count_group;
mod count_ranges;
pub mod disclosure;
pub mod document;
pub mod finsam;
pub mod format;
pub mod joint;
mod joint_audit;
pub mod output;
pub mod participant_document;
pub mod period;
pub mod questionnaire;
pub mod standard;
pub mod tally;
pub mod wilson;
pub mod withheld;
