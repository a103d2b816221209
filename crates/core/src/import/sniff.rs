//! Sniffing: decide by content (the file name is only a hint) whether bytes are binary, an
//! MHTML archive, HTML, Markdown or plain text.

use super::Format;

/// Magic numbers of common binary formats users might drop by mistake.
const MAGIC: &[&[u8]] = &[
    b"\x89PNG",
    b"%PDF",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"BM",
    b"\x1f\x8b",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\x7fELF",
    b"MZ",
    b"\xd0\xcf\x11\xe0",
    b"RIFF",
    b"OggS",
    b"ID3",
    b"fLaC",
    b"\x00\x00\x01\x00",
    b"wOFF",
    b"wOF2",
    b"SQLite format 3",
];

/// True when the bytes look binary: a known magic number, NUL bytes, or a high share of
/// control characters. `utf16` says a UTF-16 BOM was seen (NULs are then expected).
pub fn is_binary(bytes: &[u8], utf16: bool) -> bool {
    if utf16 {
        return false;
    }
    if MAGIC.iter().any(|m| bytes.starts_with(m)) {
        // "BM"/"MZ"/"ID3" are also the start of ordinary words: require a control byte too.
        let weak =
            bytes.starts_with(b"BM") || bytes.starts_with(b"MZ") || bytes.starts_with(b"ID3");
        if !weak || bytes.iter().take(64).any(|&b| b < 0x09) {
            return true;
        }
    }
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    if sample.contains(&0) {
        return true;
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    controls * 100 > sample.len().max(1)
}

/// The file extension, lower-cased, if any.
pub fn extension(file_name: Option<&str>) -> Option<String> {
    let name = file_name?;
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (_, ext) = base.rsplit_once('.')?;
    Some(ext.to_ascii_lowercase())
}

/// Lower-cased ASCII view of the start of a text (non-ASCII bytes kept as-is).
fn head_lower(text: &str, n: usize) -> String {
    let mut end = text.len().min(n);
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_ascii_lowercase()
}

/// True when the raw bytes are an MHTML (MIME multipart) archive.
pub fn is_mhtml(bytes: &[u8], ext: Option<&str>) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    // Headers come first: the first line must look like a header.
    let first = head.lines().next().unwrap_or("");
    let looks_header = first.split_once(':').is_some_and(|(k, _)| {
        !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    if !looks_header {
        return false;
    }
    let header_block = head.split("\n\n").next().unwrap_or(head);
    let header_block = header_block
        .split("\r\n\r\n")
        .next()
        .unwrap_or(header_block);
    let multipart = header_block.contains("content-type: multipart/")
        || header_block.contains("content-type:multipart/");
    multipart && (header_block.contains("mime-version") || matches!(ext, Some("mht" | "mhtml")))
}

/// Decide between HTML, Markdown and plain text for decoded text.
pub fn text_format(text: &str, ext: Option<&str>) -> Format {
    let head = head_lower(text, 4096);
    let start = head.trim_start_matches('\u{feff}').trim_start();
    let htmlish_start = start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || start.starts_with("<head")
        || start.starts_with("<body")
        || start.starts_with("<?xml") && head.contains("<html")
        || start.starts_with("<!--")
            && (head.contains("<html") || head.contains("<body") || head.contains("<head"));
    if htmlish_start {
        return Format::Html;
    }
    let tags = [
        "<html", "<body", "<head>", "<div", "<p>", "<meta ", "<title>", "<article",
    ];
    let tag_hits = tags.iter().filter(|t| head.contains(*t)).count();
    match ext {
        Some("html" | "htm" | "xhtml" | "shtml") if head.contains('<') => return Format::Html,
        Some("md" | "markdown" | "mdown" | "mkd") => return Format::Markdown,
        Some("txt" | "text") => return Format::Text,
        _ => {}
    }
    if tag_hits >= 2 {
        return Format::Html;
    }
    if start.starts_with("---") && has_front_matter(text) {
        return Format::Markdown;
    }
    let first = start.lines().next().unwrap_or("");
    if first.starts_with("# ") && ext.is_none() {
        return Format::Markdown;
    }
    Format::Text
}

/// True when the text starts with a `---` front matter block of `key: value` lines.
pub fn has_front_matter(text: &str) -> bool {
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return false;
    }
    let mut keys = 0;
    for line in lines.take(60) {
        let l = line.trim_end();
        if l == "---" || l == "..." {
            return keys > 0;
        }
        if l.split_once(':').is_some_and(|(k, _)| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        }) {
            keys += 1;
        }
    }
    false
}
