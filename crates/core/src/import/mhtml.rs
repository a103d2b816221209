//! MHTML (a page saved as one MIME file): parse the headers and boundaries, decode the
//! text/html part's quoted-printable or base64 body and read its charset and location.
//! Every kind browsers and Word write: multipart/related, multiparts nested in it
//! (multipart/alternative), and single-part archives whose top-level entity is the HTML
//! ([`is_single_part`]); CRLF or bare LF line ends; the charset from the part's header.

/// The HTML part of an MHTML archive.
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlPart {
    pub bytes: Vec<u8>,
    pub charset: Option<String>,
    pub url: Option<String>,
}

/// Split a MIME entity into (headers, body) at the first empty line; headers are unfolded and
/// their names lower-cased.
fn split_entity(data: &[u8]) -> (Vec<(String, String)>, &[u8]) {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut pos = 0;
    // Skip leading blank lines.
    while pos < data.len() && (data[pos] == b'\r' || data[pos] == b'\n') {
        pos += 1;
    }
    loop {
        if pos >= data.len() {
            return (headers, &[]);
        }
        let end = data[pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(data.len(), |p| pos + p);
        let raw = &data[pos..end];
        let line = raw.strip_suffix(b"\r").unwrap_or(raw);
        let next = (end + 1).min(data.len());
        if line.is_empty() {
            return (headers, &data[next..]);
        }
        let text = String::from_utf8_lossy(line);
        if line[0] == b' ' || line[0] == b'\t' {
            if let Some(last) = headers.last_mut() {
                last.1.push(' ');
                last.1.push_str(text.trim());
            }
        } else if let Some((k, v)) = text.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
        } else {
            // Not a header: no header block at all.
            return (headers, &data[pos..]);
        }
        pos = next;
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// A parameter (`boundary`, `charset`) of a header value.
fn param(value: &str, name: &str) -> Option<String> {
    for part in value.split(';').skip(1) {
        if let Some((k, v)) = part.split_once('=') {
            if k.trim().eq_ignore_ascii_case(name) {
                let v = v.trim().trim_matches('"').trim_matches('\'');
                if !v.is_empty() {
                    return Some(v.to_owned());
                }
            }
        }
    }
    None
}

fn media_type(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Decode quoted-printable (soft line breaks, `=XX` escapes; malformed escapes kept as-is).
pub fn decode_qp(data: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        let b = data[i];
        if b == b'=' {
            match (data.get(i + 1), data.get(i + 2)) {
                (Some(b'\r'), Some(b'\n')) => {
                    i += 3;
                    continue;
                }
                (Some(b'\n'), _) => {
                    i += 2;
                    continue;
                }
                (Some(&h), Some(&l)) => {
                    if let (Some(h), Some(l)) = (hex(h), hex(l)) {
                        out.push(h * 16 + l);
                        i += 3;
                        continue;
                    }
                }
                _ => {}
            }
        }
        out.push(b);
        i += 1;
    }
    out
}

/// Decode base64, ignoring whitespace and stopping at padding or invalid characters.
pub fn decode_base64(data: &[u8]) -> Vec<u8> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in data {
        if c.is_ascii_whitespace() {
            continue;
        }
        if c == b'=' {
            break;
        }
        let Some(v) = val(c) else { break };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn decode_body(headers: &[(String, String)], body: &[u8]) -> Vec<u8> {
    match header(headers, "content-transfer-encoding").map(|v| v.trim().to_ascii_lowercase()) {
        Some(ref e) if e == "quoted-printable" => decode_qp(body),
        Some(ref e) if e == "base64" => decode_base64(body),
        _ => body.to_vec(),
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// How deep multiparts may nest (`multipart/alternative` inside `multipart/related` is the
/// usual two); deeper is no page a browser writes, and the bound keeps hostile input cheap.
const MAX_NESTING: usize = 8;

/// Find and decode the first text/html part of an MHTML archive: a multipart of any kind
/// (parts nested in multiparts are searched too), or a single-part archive whose top-level
/// entity is the HTML itself (what Internet Explorer and Word write for a page without
/// resources).
pub fn html_part(data: &[u8]) -> Option<HtmlPart> {
    let (top, body) = split_entity(data);
    let top_url = header(&top, "snapshot-content-location")
        .or_else(|| header(&top, "content-location"))
        .map(str::to_owned);
    let found = find_html(&top, body, top_url.as_deref(), 0)?;
    // The page's address is the archive's, when it names one.
    let url = top_url.or(found.url.clone());
    Some(HtmlPart { url, ..found })
}

/// The HTML (else the first plain text) entity in `headers` + `body`, searching multiparts.
fn find_html(
    headers: &[(String, String)],
    body: &[u8],
    url: Option<&str>,
    depth: usize,
) -> Option<HtmlPart> {
    let ctype = header(headers, "content-type").unwrap_or("text/plain");
    let mt = media_type(ctype);
    let own_url = header(headers, "content-location")
        .map(str::to_owned)
        .or(url.map(str::to_owned));
    if mt == "text/html" || mt == "application/xhtml+xml" || mt == "text/plain" {
        return Some(HtmlPart {
            bytes: decode_body(headers, body),
            charset: param(ctype, "charset"),
            url: own_url,
        });
    }
    if !mt.starts_with("multipart/") || depth >= MAX_NESTING {
        return None;
    }
    let boundary = param(ctype, "boundary")?;
    let delim = format!("--{boundary}");
    let mut rest = body;
    // Skip the preamble.
    let start = find(rest, delim.as_bytes())?;
    rest = &rest[start + delim.len()..];
    let mut first_text: Option<HtmlPart> = None;
    loop {
        if rest.starts_with(b"--") {
            break;
        }
        let end = find(rest, delim.as_bytes()).unwrap_or(rest.len());
        let (pheaders, pbody) = split_entity(&rest[..end]);
        let pmt = media_type(header(&pheaders, "content-type").unwrap_or("text/plain"));
        if let Some(found) = find_html(&pheaders, pbody, own_url.as_deref(), depth + 1) {
            if pmt != "text/plain" {
                return Some(found);
            }
            first_text.get_or_insert(found);
        }
        if end >= rest.len() {
            break;
        }
        rest = &rest[end + delim.len()..];
    }
    first_text
}

/// Whether `bytes` are a single-part MHTML archive: MIME headers first (a header line, then
/// more up to a blank line) whose `Content-Type` is HTML, with `MIME-Version`, a transfer
/// encoding or an `.mht`/`.mhtml` name to tell it from a page that merely starts with text
/// like "Note: …".
pub fn is_single_part(bytes: &[u8], ext: Option<&str>) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let (headers, _) = split_entity(head);
    let Some(ctype) = header(&headers, "content-type") else {
        return false;
    };
    let html = matches!(
        media_type(ctype).as_str(),
        "text/html" | "application/xhtml+xml"
    );
    html && (header(&headers, "mime-version").is_some()
        || header(&headers, "content-transfer-encoding").is_some()
        || matches!(ext, Some("mht" | "mhtml")))
}
