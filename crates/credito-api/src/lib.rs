//! credito-api
