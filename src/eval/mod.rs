//! Evaluation: synthetic corpora with ground truth (`generate`) and scoring detected networks
//! against labels (`score`).

pub mod generate;
pub mod score;
