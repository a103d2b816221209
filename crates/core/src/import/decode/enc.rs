//! The encodings the importer can decode: every encoding of the WHATWG Encoding Standard
//! through encoding_rs, and those the standard dropped but saved files still use, decoded by
//! the small decoders beside this file.

use encoding_rs::{
    Encoding, BIG5, EUC_JP, EUC_KR, GB18030, GBK, ISO_2022_JP, REPLACEMENT, SHIFT_JIS, UTF_16BE,
    UTF_16LE, UTF_8, X_USER_DEFINED,
};

use super::{euc_tw, iso2022, johab, resync, wide};

/// An encoding we decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    /// An encoding of the Encoding Standard (never `replacement` or `x-user-defined`).
    Std(&'static Encoding),
    Utf32Le,
    Utf32Be,
    Hz,
    Iso2022Kr,
    Iso2022Cn,
    Johab,
    EucTw,
}

/// What a script of text a legacy encoding is for, which the plausibility check holds the
/// decoded text to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Unicode,
    Chinese,
    Japanese,
    Korean,
    SingleByte,
}

impl Enc {
    /// The name shown to users and stored as the article's encoding.
    pub fn name(self) -> &'static str {
        match self {
            Enc::Std(e) => e.name(),
            Enc::Utf32Le => "UTF-32LE",
            Enc::Utf32Be => "UTF-32BE",
            Enc::Hz => "HZ-GB-2312",
            Enc::Iso2022Kr => "ISO-2022-KR",
            Enc::Iso2022Cn => "ISO-2022-CN",
            Enc::Johab => "Johab",
            Enc::EucTw => "EUC-TW",
        }
    }

    /// The encoding for a label (WHATWG labels, plus ours). encoding_rs maps the labels of
    /// HZ and ISO-2022-KR/CN to `replacement`, so ours are looked up first; `replacement`
    /// and `x-user-defined` are no decoding of text and are not returned.
    pub fn for_label(label: &str) -> Option<Enc> {
        let l = label.trim().to_ascii_lowercase();
        let ours = match l.as_str() {
            "utf-32" | "utf-32le" | "utf32" | "ucs-4" | "ucs-4le" => Some(Enc::Utf32Le),
            "utf-32be" | "ucs-4be" => Some(Enc::Utf32Be),
            "hz-gb-2312" | "hz" | "hz-gb2312" => Some(Enc::Hz),
            "iso-2022-kr" | "csiso2022kr" => Some(Enc::Iso2022Kr),
            "iso-2022-cn" | "csiso2022cn" => Some(Enc::Iso2022Cn),
            "johab" | "x-johab" | "cp1361" | "windows-1361" => Some(Enc::Johab),
            "euc-tw" | "x-euc-tw" | "euctw" | "cns11643" => Some(Enc::EucTw),
            _ => None,
        };
        if ours.is_some() {
            return ours;
        }
        Encoding::for_label(l.as_bytes())
            .filter(|&e| e != REPLACEMENT && e != X_USER_DEFINED)
            .map(Enc::Std)
    }

    /// UTF-16 or UTF-32: ASCII has NUL bytes, the bytes are no ASCII view of the text.
    pub fn is_wide(self) -> bool {
        matches!(self, Enc::Utf32Le | Enc::Utf32Be)
            || self == Enc::Std(UTF_16LE)
            || self == Enc::Std(UTF_16BE)
    }

    pub fn family(self) -> Family {
        match self {
            Enc::Std(e) if e == UTF_8 || e == UTF_16LE || e == UTF_16BE => Family::Unicode,
            Enc::Utf32Le | Enc::Utf32Be => Family::Unicode,
            Enc::Std(e) if e == GBK || e == GB18030 || e == BIG5 => Family::Chinese,
            Enc::Hz | Enc::Iso2022Cn | Enc::EucTw => Family::Chinese,
            Enc::Std(e) if e == SHIFT_JIS || e == EUC_JP || e == ISO_2022_JP => Family::Japanese,
            Enc::Std(e) if e == EUC_KR => Family::Korean,
            Enc::Johab | Enc::Iso2022Kr => Family::Korean,
            Enc::Std(_) => Family::SingleByte,
        }
    }

    /// Decode without BOM handling: the text, with U+FFFD where bytes are invalid, and the
    /// number of errors. For a single-byte encoding, C1 controls count as errors too: in a
    /// legacy decoding they mean the bytes were not meant for it.
    pub fn decode(self, bytes: &[u8]) -> (String, usize) {
        match self {
            Enc::Std(e)
                if matches!(
                    self.family(),
                    Family::Chinese | Family::Japanese | Family::Korean
                ) && e != ISO_2022_JP =>
            {
                let (text, errors) = e.decode_without_bom_handling(bytes);
                if !errors {
                    return (text.into_owned(), 0);
                }
                resync::decode(e, bytes)
            }
            Enc::Std(e) => {
                let (text, _) = e.decode_without_bom_handling(bytes);
                let single = self.family() == Family::SingleByte;
                let bad = text
                    .chars()
                    .filter(|&c| c == '\u{fffd}' || single && ('\u{80}'..='\u{9f}').contains(&c))
                    .count();
                (text.into_owned(), bad)
            }
            Enc::Utf32Le => wide::decode_utf32(bytes, false),
            Enc::Utf32Be => wide::decode_utf32(bytes, true),
            Enc::Hz => iso2022::decode_hz(bytes),
            Enc::Iso2022Kr => iso2022::decode_iso2022_kr(bytes),
            Enc::Iso2022Cn => iso2022::decode_iso2022_cn(bytes),
            Enc::Johab => johab::decode(bytes),
            Enc::EucTw => euc_tw::decode(bytes),
        }
    }
}

/// The encodings offered when the user picks one by hand: (label, display name).
pub const CHOICES: &[(&str, &str)] = &[
    ("utf-8", "Unicode (UTF-8)"),
    ("gb18030", "简体中文 (GB18030/GBK)"),
    ("hz-gb-2312", "简体中文 (HZ-GB-2312)"),
    ("iso-2022-cn", "中文 (ISO-2022-CN)"),
    ("big5", "繁體中文 (Big5)"),
    ("euc-tw", "繁體中文 (EUC-TW)"),
    ("shift_jis", "日本語 (Shift_JIS)"),
    ("euc-jp", "日本語 (EUC-JP)"),
    ("iso-2022-jp", "日本語 (ISO-2022-JP)"),
    ("euc-kr", "한국어 (EUC-KR/UHC)"),
    ("johab", "한국어 (Johab)"),
    ("iso-2022-kr", "한국어 (ISO-2022-KR)"),
    ("utf-16le", "Unicode (UTF-16LE)"),
    ("utf-16be", "Unicode (UTF-16BE)"),
    ("utf-32le", "Unicode (UTF-32LE)"),
    ("utf-32be", "Unicode (UTF-32BE)"),
    ("windows-1251", "Кириллица (windows-1251)"),
    ("koi8-r", "Кириллица (KOI8-R)"),
    ("koi8-u", "Кирилиця (KOI8-U)"),
    ("ibm866", "Кириллица (IBM866/DOS)"),
    ("iso-8859-5", "Кириллица (ISO-8859-5)"),
    ("x-mac-cyrillic", "Кириллица (Mac)"),
    ("windows-1253", "Ελληνικά (windows-1253)"),
    ("iso-8859-7", "Ελληνικά (ISO-8859-7)"),
    ("windows-1255", "עברית (windows-1255)"),
    ("iso-8859-8", "עברית (ISO-8859-8, visual)"),
    ("windows-1256", "العربية (windows-1256)"),
    ("iso-8859-6", "العربية (ISO-8859-6)"),
    ("windows-874", "ไทย (windows-874/TIS-620)"),
    ("iso-8859-2", "Central European (ISO-8859-2)"),
    ("windows-1250", "Central European (windows-1250)"),
    ("windows-1252", "Western (windows-1252)"),
    ("windows-1254", "Türkçe (windows-1254)"),
    ("windows-1257", "Baltic (windows-1257)"),
    ("windows-1258", "Tiếng Việt (windows-1258)"),
];
