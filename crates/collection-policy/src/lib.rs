//! collection-policy
