//! dfs (to be written)
