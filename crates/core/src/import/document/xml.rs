//! Small helpers over quick-xml shared by the ODT and EPUB readers: local names, attributes,
//! and the text of an entity reference.

use quick_xml::events::{BytesRef, BytesStart};

/// A name without its namespace prefix (`text:p` → `p`).
pub fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// The value of attribute `name` (matched by local name), trimmed.
pub fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| local(a.key.into_inner()) == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.trim().to_owned())
        })
}

/// The element's local name, owned.
pub fn name_of(e: &BytesStart<'_>) -> String {
    local(e.name().into_inner()).to_owned()
}

/// The text an entity reference stands for (`&amp;` → `&`, `&#x4E2D;` → `中`); an unknown
/// entity is kept as written.
pub fn entity_text(r: BytesRef<'_>) -> String {
    let name = r.into_inner();
    let resolved = if let Some(num) = name.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse().ok(),
        };
        n.and_then(char::from_u32).map(String::from)
    } else {
        quick_xml::escape::resolve_predefined_entity(&name).map(str::to_owned)
    };
    resolved.unwrap_or_else(|| format!("&{name};"))
}

/// Upper bound on the events one part may produce: a part is at most 64 MB, and this stops a
/// pathological one from running for minutes.
pub const MAX_EVENTS: usize = 20_000_000;
