//! Figures and how they are shown: Swedish number formats and the Wilson
//! interval used for every goal rate.

pub mod disclosure;
pub mod format;
pub mod standard;
pub mod wilson;
