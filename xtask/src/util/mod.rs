//! The bottom layer: helpers that know nothing about the book's tools or build.

pub mod cmd;
pub mod fs;
pub mod html;
pub mod http;
