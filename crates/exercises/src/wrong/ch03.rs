//! Chapter 03.
