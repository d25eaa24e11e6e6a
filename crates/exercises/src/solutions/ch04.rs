//! Chapter 04.
