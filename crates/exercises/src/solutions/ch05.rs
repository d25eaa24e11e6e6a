//! Chapter 05.
