//! QR codes as inline SVG, with a text alternative for screen readers.

use qrcode::QrCode;
use qrcode::render::svg;

/// `text` as an SVG QR code (no XML prolog), labelled `alt`; empty if it cannot
/// be encoded.
pub fn qr_svg(text: &str, alt: &str) -> String {
    let svg = QrCode::new(text.as_bytes())
        .map(|code| {
            code.render::<svg::Color<'_>>()
                .min_dimensions(200, 200)
                .quiet_zone(true)
                .build()
                .replacen(
                    "<svg ",
                    &format!("<svg role=\"img\" aria-label=\"{alt}\" "),
                    1,
                )
        })
        .unwrap_or_default();
    match svg.find("<svg") {
        Some(i) => svg[i..].to_string(),
        None => String::new(),
    }
}
