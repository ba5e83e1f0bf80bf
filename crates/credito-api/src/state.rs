//! What the handlers share: the stage objects and what the health check
//! reports about them. Cheap to clone (one `Arc`).

use std::sync::Arc;

use credit_pipeline::pipeline::CreditPipeline;
use decision_store::{CampaignStore, DecisionStore};
use serde::{Deserialize, Serialize};

use crate::messages::MessageService;

/// Versions of the loaded models and policy, reported by the health check.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ModelVersions {
    /// Version of the approval MLP.
    pub approval_model: Option<String>,
    /// Version of the segmentation model.
    pub segmentation_model: Option<String>,
    /// Version of the collection policy.
    pub collection_policy: Option<String>,
    /// Version of the credit policy (`<name>@<version>#<content hash>`).
    #[serde(default)]
    pub credit_policy: Option<String>,
}

/// The shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
    store: Option<Arc<dyn DecisionStore>>,
    campaigns: Option<Arc<dyn CampaignStore>>,
}

struct Inner {
    pipeline: CreditPipeline,
    messages: MessageService,
    versions: ModelVersions,
}

impl AppState {
    /// State from a pipeline, the message service and the versions to report.
    pub fn new(
        pipeline: CreditPipeline,
        messages: MessageService,
        versions: ModelVersions,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                pipeline,
                messages,
                versions,
            }),
            store: None,
            campaigns: None,
        }
    }

    /// The same state keeping every decision and message in `store`.
    pub fn with_store(mut self, store: Arc<dyn DecisionStore>) -> Self {
        self.store = Some(store);
        self
    }

    /// The same state keeping campaigns and the contact ledger in `store` (usually the same
    /// database as the decisions).
    pub fn with_campaigns(mut self, store: Arc<dyn CampaignStore>) -> Self {
        self.campaigns = Some(store);
        self
    }

    /// Where campaigns and the contact ledger are kept (`None`: nowhere).
    pub fn campaigns(&self) -> Option<&dyn CampaignStore> {
        self.campaigns.as_deref()
    }

    /// Where decisions and messages are kept (`None`: nowhere, `--store none`).
    pub fn store(&self) -> Option<&Arc<dyn DecisionStore>> {
        self.store.as_ref()
    }

    /// The credit pipeline.
    pub fn pipeline(&self) -> &CreditPipeline {
        &self.inner.pipeline
    }

    /// The collection message service.
    pub fn messages(&self) -> &MessageService {
        &self.inner.messages
    }

    /// The versions reported by the health check.
    pub fn versions(&self) -> &ModelVersions {
        &self.inner.versions
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("versions", &self.inner.versions)
            .field("store", &self.store.as_ref().map(|s| s.location()))
            .finish_non_exhaustive()
    }
}
