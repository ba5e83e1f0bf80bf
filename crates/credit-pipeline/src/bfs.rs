//! bfs (to be written)
