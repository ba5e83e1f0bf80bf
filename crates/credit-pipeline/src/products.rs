//! products (to be written)
