/// Complete HTML pages for reports (the demo's `report.html`): escaping, a shared stylesheet, and a
/// script that records on `<body>` how many images loaded, so a headless browser can check the page.
public enum HTMLPage {
    /// `text` with the HTML special characters (`& < > " '`) escaped, safe in element content and quoted attributes.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A UTF-8 HTML5 page titled `title` (escaped here) around `body` (HTML, inserted as is).
    ///
    /// After the window's `load` event the page's script sets on `<body>`: `data-images-loaded` (the
    /// `<img>` elements that are complete with a natural width above 0), `data-images-total` (all
    /// `<img>` elements) and `data-audio-total` (the `<audio>` elements).
    public static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        \(stylesheet)
        </style>
        <script>
        \(loadCheckScript)
        </script>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    /// Readable type and tables; images keep sharp pixels when scaled.
    static let stylesheet = """
        body { font-family: "DejaVu Sans", sans-serif; margin: 2em; color: #222; background: #fff; }
        table { border-collapse: collapse; margin: 1em 0; }
        th, td { padding: .4em .6em; border: 1px solid #ccc; text-align: left; vertical-align: top; }
        th { background: #f3f3f3; }
        img { image-rendering: pixelated; }
        """

    /// Counts loaded images and audio elements once the page has loaded and writes them onto `<body>`.
    static let loadCheckScript = """
        window.addEventListener("load", () => {
          const images = Array.from(document.images);
          document.body.dataset.imagesLoaded = images.filter(image => image.complete && image.naturalWidth > 0).length;
          document.body.dataset.imagesTotal = images.length;
          document.body.dataset.audioTotal = document.getElementsByTagName("audio").length;
        });
        """
}
