//! Assembling the service from the shipped defaults (or files named on the
//! command line): the credit pipeline with the CreditAI fuzzy system and the
//! shipped approval MLP, the segmentation model, the collection policy, and
//! the message generator chosen from the environment (templates when no LLM
//! provider is configured).

use std::path::PathBuf;
use std::sync::Arc;

use collection_policy::{CollectionPolicy, PolicyError, PolicyTable};
use credit_pipeline::mlp::{MlpApprovalModel, MlpError};
use credit_pipeline::pipeline::{CreditPipeline, PipelineError};
use llm_messaging::{ConfigError, LlmConfig, LlmError};
use segmentation::{SegmentationError, SegmentationModel};

use crate::messages::MessageService;
use crate::state::{AppState, ModelVersions};
use crate::{ApiConfig, HttpSettings};

pub use credito_collections::SHIPPED_SEGMENTATION_MODEL;

/// Files that replace the shipped defaults.
#[derive(Debug, Clone, Default)]
pub struct ServiceOptions {
    /// Segmentation model JSON.
    pub segmentation_model: Option<PathBuf>,
    /// Collection policy, TOML (`.toml`) or JSON.
    pub policy: Option<PathBuf>,
    /// Approval model weights written by `credito train` (safetensors).
    pub approval_model: Option<PathBuf>,
    /// Credit policy TOML (personas, products, factors, fuzzy rules, texts).
    pub credit_policy: Option<PathBuf>,
}

/// Why the service could not be assembled.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartupError {
    /// The approval model could not be loaded.
    #[error("approval model: {0}")]
    Approval(#[from] MlpError),
    /// The pipeline could not be built.
    #[error("credit pipeline: {0}")]
    Pipeline(#[from] PipelineError),
    /// The credit policy could not be loaded.
    #[error("{0}")]
    CreditPolicy(#[from] credit_pipeline::policy::PolicyError),
    /// The segmentation model could not be loaded.
    #[error("segmentation model: {0}")]
    Segmentation(#[from] SegmentationError),
    /// The policy could not be loaded.
    #[error("collection policy: {0}")]
    Policy(#[from] PolicyError),
    /// The LLM environment variables are unusable.
    #[error("LLM configuration: {0}")]
    LlmConfig(#[from] ConfigError),
    /// The LLM client could not be built.
    #[error("LLM client: {0}")]
    LlmClient(#[from] LlmError),
}

/// The credit pipeline with the default stages and the shipped MLP, and the
/// MLP's version.
pub fn default_pipeline() -> Result<(CreditPipeline, String), StartupError> {
    pipeline_with_model(None)
}

/// The credit pipeline with the default stages and the approval model at
/// `path` (the shipped one when `None`), and that model's version.
pub fn pipeline_with_model(
    path: Option<&std::path::Path>,
) -> Result<(CreditPipeline, String), StartupError> {
    credit_pipeline_from(None, path)
}

/// The credit pipeline under the credit policy at `policy` and with the
/// approval model at `model` (the shipped ones when `None`), and the model's
/// version.
pub fn credit_pipeline_from(
    policy: Option<&std::path::Path>,
    model: Option<&std::path::Path>,
) -> Result<(CreditPipeline, String), StartupError> {
    let mlp = match model {
        Some(path) => MlpApprovalModel::load(path)?,
        None => MlpApprovalModel::shipped()?,
    };
    let version = mlp.version().to_string();
    let mut builder = CreditPipeline::builder().approval_model(mlp);
    if let Some(path) = policy {
        builder = builder.policy(credit_pipeline::policy::CreditPolicy::load(path)?);
    }
    Ok((builder.build()?, version))
}

/// The shipped segmentation model.
pub fn shipped_segmentation() -> Result<SegmentationModel, SegmentationError> {
    SegmentationModel::from_json(SHIPPED_SEGMENTATION_MODEL)
}

/// Assemble the whole service: defaults, overridden by `options`, with the
/// LLM provider taken from the environment.
pub fn build_config(
    http: HttpSettings,
    options: &ServiceOptions,
) -> Result<ApiConfig, StartupError> {
    let llm = LlmConfig::from_env()?;
    build_config_with_llm(http, options, llm)
}

/// [`build_config`] with an explicit LLM provider (`None`: templates only).
pub fn build_config_with_llm(
    http: HttpSettings,
    options: &ServiceOptions,
    llm: Option<LlmConfig>,
) -> Result<ApiConfig, StartupError> {
    let (pipeline, mlp_version) = credit_pipeline_from(
        options.credit_policy.as_deref(),
        options.approval_model.as_deref(),
    )?;
    let credit_policy = pipeline.policy().version().to_string();
    let segmentation = match &options.segmentation_model {
        Some(path) => SegmentationModel::load(path)?,
        None => shipped_segmentation()?,
    };
    let policy: Arc<dyn CollectionPolicy> = match &options.policy {
        Some(path) => Arc::new(PolicyTable::from_path(path)?),
        None => Arc::new(PolicyTable::seed()),
    };
    let versions = ModelVersions {
        approval_model: Some(mlp_version),
        segmentation_model: Some(format!(
            "segmentation {} (format {}, k = {}, fitted on {} rows)",
            segmentation.crate_version,
            segmentation.format_version,
            segmentation.k(),
            segmentation.metrics.rows
        )),
        collection_policy: Some(policy.version().to_string()),
        credit_policy: Some(credit_policy),
    };
    let messages = MessageService::with_provider(Some(Arc::new(segmentation)), policy, llm)?
        .with_llm_deadline(http.llm_deadline);
    Ok(ApiConfig {
        http,
        state: AppState::new(pipeline, messages, versions),
    })
}
