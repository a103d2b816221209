//! Broken bytes in double-byte text. A byte lost or overwritten in GBK, Big5, EUC-KR or
//! Shift_JIS text leaves the next character's trail byte orphaned; a decoder then pairs every
//! trail byte with the next lead byte and the rest of the line becomes valid-looking mojibake
//! (encoding_rs does what the standard says: it only reports the one bad byte). So after each
//! error both ways on are tried — take the next byte as a lead, or drop it as an orphan — and
//! the one whose next stretch reads better (common characters, no private-use ones) is kept.

use encoding_rs::{DecoderResult, Encoding};

use super::plausible::goodness;

/// How far past an error the two ways on are compared.
const WINDOW: usize = 96;

fn lossy(enc: &'static Encoding, bytes: &[u8]) -> String {
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

/// Decode with resynchronisation after each error: the text (U+FFFD for each error) and the
/// number of errors (a dropped orphan byte counts as one).
pub fn decode(enc: &'static Encoding, bytes: &[u8]) -> (String, usize) {
    let mut out = String::with_capacity(bytes.len() * 3 / 2);
    let mut bad = 0;
    let mut pos = 0;
    while pos < bytes.len() {
        let src = &bytes[pos..];
        let mut dec = enc.new_decoder_without_bom_handling();
        let cap = dec
            .max_utf8_buffer_length_without_replacement(src.len())
            .unwrap_or(src.len() * 3 + 16);
        let mut buf = String::with_capacity(cap);
        let (result, read) = dec.decode_to_string_without_replacement(src, &mut buf, true);
        out.push_str(&buf);
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => {
                // Cannot happen with the capacity above; go on where it stopped.
                if read == 0 {
                    break;
                }
                pos += read;
            }
            DecoderResult::Malformed(_, after) => {
                bad += 1;
                out.push('\u{fffd}');
                // Bytes read past the malformed sequence belong to what follows.
                let p = pos + read - after as usize;
                pos = p;
                if p + 1 < bytes.len() && bytes[p] >= 0x80 {
                    let end = |s: usize| (s + WINDOW).min(bytes.len());
                    let keep = goodness(&lossy(enc, &bytes[p..end(p)]));
                    let skip = goodness(&lossy(enc, &bytes[p + 1..end(p + 1)]));
                    if skip > keep {
                        bad += 1;
                        pos = p + 1;
                    }
                }
            }
        }
    }
    (out, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_overwritten_lead_byte_does_not_garble_the_rest_of_the_line() {
        let text = "天津市河北区委组织部深入践行新时代党的组织路线，坚持以党的政治建设为统领。";
        let mut bytes = encoding_rs::GBK.encode(text).0.into_owned();
        // 的 = B5 C4: overwrite its lead byte.
        let at = bytes
            .windows(2)
            .position(|w| w == [0xb5, 0xc4])
            .unwrap_or(0);
        bytes[at] = 0xff;
        let (out, bad) = decode(encoding_rs::GBK, &bytes);
        assert!(bad <= 2, "{out}");
        assert_eq!(out.replace('\u{fffd}', ""), text.replacen('的', "", 1));
    }
}
