//! The collection policy and segmentation model the collections commands load: a file when
//! one is given, otherwise what credito ships (as `credito serve` uses).

use std::path::Path;

use collection_policy::PolicyTable;
use segmentation::SegmentationModel;

use super::CliError;

/// The policy in `path` (TOML, or JSON by extension), or the seed's table.
pub(crate) fn policy_or_seed(path: Option<&Path>) -> Result<PolicyTable, CliError> {
    Ok(match path {
        Some(path) => PolicyTable::from_path(path)?,
        None => PolicyTable::seed(),
    })
}

/// The model saved in `path`, or the shipped one.
pub(crate) fn model_or_shipped(path: Option<&Path>) -> Result<SegmentationModel, CliError> {
    Ok(match path {
        Some(path) => SegmentationModel::load(path)?,
        None => credito_collections::shipped_segmentation()?,
    })
}
