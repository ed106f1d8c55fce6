import Tessera
import XCTest

/// The report page's escaping and frame (its rendering in Chromium is checked in TesseraCLITests).
final class HTMLPageTests: XCTestCase {
    func testEscapeReplacesEverySpecialCharacter() {
        XCTAssertEqual(HTMLPage.escape(#"<a href="x">Tom & Jerry's</a> → ok"#),
                       "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt; → ok")
        XCTAssertEqual(HTMLPage.escape("plain text"), "plain text")
    }

    func testDocumentWrapsTheBodyWithTitleStyleAndLoadCheck() {
        let page = HTMLPage.document(title: "Loss <1>", body: "<p>hello</p>")
        XCTAssertTrue(page.hasPrefix("<!DOCTYPE html>\n"))
        XCTAssertTrue(page.contains(#"<meta charset="utf-8">"#))
        XCTAssertTrue(page.contains("<title>Loss &lt;1&gt;</title>"))
        XCTAssertTrue(page.contains("<body>\n<p>hello</p>\n</body>"))
        XCTAssertTrue(page.contains("image-rendering: pixelated"))
        for name in ["imagesLoaded", "imagesTotal", "audioTotal", "naturalWidth"] { XCTAssertTrue(page.contains(name), name) }
        XCTAssertTrue(page.hasSuffix("</html>\n"))
    }
}
