//! A static file server for the built book on 127.0.0.1: `cargo xtask serve` uses it, and so do
//! the browser tests (`BOOK_URL`), so the book is served one way only.
//!
//! It answers as a static host would: `dir/` serves `dir/index.html`, `dir` redirects to `dir/`,
//! a missing file under `/<edition>/` gets that edition's `404.html`. A few lines of std, so it
//! needs no dependency.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::thread;
use std::time::Duration;

use crate::util::html;

/// Serves `root` on 127.0.0.1:`port` (0: any free port) from a background thread, for as long as
/// the process runs. Returns the address it listens on.
pub fn start(root: PathBuf, port: u16) -> io::Result<SocketAddr> {
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    let address = listener.local_addr()?;
    thread::spawn(move || {
        for stream in listener.incoming() {
            let root = root.clone();
            match stream {
                Ok(stream) => {
                    thread::spawn(move || {
                        if let Err(error) = respond(stream, &root) {
                            eprintln!("serve: {error}");
                        }
                    });
                }
                Err(error) => eprintln!("serve: {error}"),
            }
        }
    });
    Ok(address)
}

/// Answers one HTTP/1.1 request (GET or HEAD) and closes the connection.
fn respond(stream: TcpStream, root: &Path) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers; nothing in them changes the answer.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let mut stream = reader.into_inner();

    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    if method != "GET" && method != "HEAD" {
        return write_response(&mut stream, "405 Method Not Allowed", "text/plain", b"", method);
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let Some(file) = resolve(root, path) else {
        return write_response(&mut stream, "400 Bad Request", "text/plain", b"bad path\n", method);
    };
    if file.is_dir() {
        if !path.ends_with('/') {
            // Relative links in index.html only work below a URL ending in `/`.
            let head = format!(
                "HTTP/1.1 301 Moved Permanently\r\nLocation: {path}/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            return stream.write_all(head.as_bytes());
        }
        return serve_file(&mut stream, &file.join("index.html"), path, root, method);
    }
    serve_file(&mut stream, &file, path, root, method)
}

fn serve_file(stream: &mut TcpStream, file: &Path, path: &str, root: &Path, method: &str) -> io::Result<()> {
    match std::fs::read(file) {
        Ok(body) => write_response(stream, "200 OK", content_type(file), &body, method),
        Err(_) => match not_found_page(root, path) {
            Some(body) => write_response(stream, "404 Not Found", "text/html; charset=utf-8", &body, method),
            None => write_response(stream, "404 Not Found", "text/plain", b"not found\n", method),
        },
    }
}

/// The `404.html` of the first folder of `path` (each edition has its own), if there is one.
fn not_found_page(root: &Path, path: &str) -> Option<Vec<u8>> {
    let (folder, _) = path.trim_start_matches('/').split_once('/')?;
    let folder = resolve(root, folder)?;
    std::fs::read(folder.join("404.html")).ok()
}

fn write_response(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    method: &str,
) -> io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The file below `root` that URL path `path` names; `None` for paths that would leave it.
fn resolve(root: &Path, path: &str) -> Option<PathBuf> {
    let decoded = html::percent_decode(path);
    let relative = Path::new(decoded.trim_start_matches('/'));
    relative.components().all(|c| matches!(c, Component::Normal(_))).then(|| root.join(relative))
}

/// The `Content-Type` of every kind of file the book has.
fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "wasm" => "application/wasm",
        "pdf" => "application/pdf",
        "ipynb" => "application/x-ipynb+json",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn paths_stay_inside_the_root() {
        let root = Path::new("/b");
        assert_eq!(resolve(root, "/ko/ch01-introduction.html"), Some(PathBuf::from("/b/ko/ch01-introduction.html")));
        assert_eq!(resolve(root, "/"), Some(PathBuf::from("/b/")));
        assert_eq!(resolve(root, "/ko/%EC%86%8C.html"), Some(PathBuf::from("/b/ko/소.html")));
        assert_eq!(resolve(root, "/../etc/passwd"), None);
        assert_eq!(resolve(root, "/ko/%2e%2e/%2e%2e/x"), None);
    }

    fn get(address: SocketAddr, path: &str) -> String {
        let mut stream = TcpStream::connect(address).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    }

    #[test]
    fn serves_files_folders_redirects_and_edition_404_pages() {
        let root = std::env::temp_dir().join(format!("xtask-http-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("ko")).unwrap();
        std::fs::write(root.join("ko/index.html"), "home").unwrap();
        std::fs::write(root.join("ko/404.html"), "없는 쪽").unwrap();
        std::fs::write(root.join("ko/a.svg"), "<svg/>").unwrap();
        let address = start(root.clone(), 0).unwrap();

        let page = get(address, "/ko/");
        assert!(page.starts_with("HTTP/1.1 200 OK") && page.ends_with("home"), "{page}");
        assert!(get(address, "/ko/a.svg").contains("Content-Type: image/svg+xml"));
        assert!(get(address, "/ko").starts_with("HTTP/1.1 301") && get(address, "/ko").contains("Location: /ko/"));
        let missing = get(address, "/ko/nothing.html");
        assert!(missing.starts_with("HTTP/1.1 404") && missing.ends_with("없는 쪽"), "{missing}");
        assert!(get(address, "/en/x.html").ends_with("not found\n"));
        assert!(get(address, "/../x").starts_with("HTTP/1.1 400"));
        let _ = std::fs::remove_dir_all(&root);
    }
}
