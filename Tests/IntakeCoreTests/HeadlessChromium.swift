import Foundation
import IntakeTestSupport

/// What the report tests ask a real browser: Chromium in headless mode, the screenshot read by a
/// small PNG reader, and the fonts Chromium drew text with, asked over the DevTools protocol.
/// Python's standard library only, so the test script installs nothing for it.
enum HeadlessChromium {
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// The elements of a page whose own text holds Han characters, each with the platform fonts
    /// Chromium drew it with (DevTools `CSS.getPlatformFontsForNode`).
    struct HanText: Decodable {
        struct Font: Decodable { var familyName: String }
        var text: String
        var fonts: [Font]
    }

    static func hanText(_ url: String) throws -> (result: [HanText], output: IntakeProcess.Output) {
        let output = try IntakeProcess.python(platformFonts, arguments: [path ?? "chromium", url])
        let result = (try? JSONDecoder().decode([HanText].self, from: Data(output.stdout.utf8))) ?? []
        return (result, output)
    }

    /// Whether fontconfig says `family` has a glyph for every Han character of `text`. Why ask:
    /// without a CJK font Chromium still names a font (DejaVu Sans) and draws its empty boxes.
    static func font(_ family: String, coversHanIn text: String) throws -> Bool {
        let escaped = family.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "-", with: "\\-")
            .replacingOccurrences(of: ":", with: "\\:").replacingOccurrences(of: ",", with: "\\,")
        let charset = Set(text.unicodeScalars.filter(\.properties.isIdeographic).map { String($0.value, radix: 16) }).sorted().joined(separator: " ")
        let listing = try IntakeProcess.run([":family=\(escaped):charset=\(charset)", "family"], executable: "/usr/bin/fc-list")
        return listing.status == 0 && !listing.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    /// Opens the page over `--remote-debugging-pipe` (messages on fds 3 and 4, NUL-terminated),
    /// marks the elements with Han text and prints, as JSON, the fonts each was drawn with.
    static let platformFonts = #"""
        import json, os, signal, subprocess, sys, time
        signal.alarm(90)
        chromium, url = sys.argv[1], sys.argv[2]
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()
        def child():
            os.dup2(to_browser_r, 3); os.dup2(from_browser_w, 4)
        proc = subprocess.Popen([chromium, '--headless', '--no-sandbox', '--disable-gpu', '--remote-debugging-pipe', 'about:blank'],
                                pass_fds=(3, 4), preexec_fn=child, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r); os.close(from_browser_w)
        out = os.fdopen(to_browser_w, 'wb'); inp = os.fdopen(from_browser_r, 'rb')
        buffer = b''; next_id = 0
        def call(method, params=None, session=None):
            global buffer, next_id
            next_id += 1
            message = {'id': next_id, 'method': method, 'params': params or {}}
            if session: message['sessionId'] = session
            out.write(json.dumps(message).encode() + b'\0'); out.flush()
            while True:
                while b'\0' not in buffer:
                    chunk = inp.read1(65536)
                    if not chunk: raise SystemExit('chromium closed the pipe')
                    buffer += chunk
                raw, buffer = buffer.split(b'\0', 1)
                reply = json.loads(raw)
                if reply.get('id') == next_id:
                    if 'error' in reply: raise SystemExit(f'{method}: {reply["error"]}')
                    return reply['result']
        try:
            target = call('Target.createTarget', {'url': 'about:blank'})['targetId']
            session = call('Target.attachToTarget', {'targetId': target, 'flatten': True})['sessionId']
            for domain in ('Page', 'DOM', 'CSS'): call(domain + '.enable', session=session)
            call('Page.navigate', {'url': url}, session)
            for _ in range(100):
                if call('Runtime.evaluate', {'expression': 'document.readyState', 'returnByValue': True}, session)['result']['value'] == 'complete': break
                time.sleep(0.05)
            root = call('DOM.getDocument', {'depth': -1}, session)['root']['nodeId']
            # Mark every element whose own text holds Han characters.
            call('Runtime.evaluate', {'expression': '''for (const e of document.querySelectorAll('body *')) {
                const own = [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join('');
                if (/\\p{Script=Han}/u.test(own)) e.setAttribute('data-han', own) }''', 'returnByValue': True}, session)
            nodes = call('DOM.querySelectorAll', {'nodeId': root, 'selector': '[data-han]'}, session)['nodeIds']
            results = []
            for node in nodes:
                text = dict(zip(*[iter(call('DOM.getAttributes', {'nodeId': node}, session)['attributes'])] * 2))['data-han']
                fonts = call('CSS.getPlatformFontsForNode', {'nodeId': node}, session)['fonts']
                results.append({'text': text, 'fonts': fonts})
            print(json.dumps(results, ensure_ascii=False))
        finally:
            proc.kill(); proc.wait()
        """#

    /// Decodes an 8-bit RGB/RGBA, non-interlaced PNG (what Chromium writes) and counts pixels
    /// within 12 of the colour on each channel.
    static let countColour = """
        import struct, sys, zlib
        data = open(sys.argv[1], 'rb').read()
        assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n', 'not a PNG'
        pos, idat, width, height, ctype = 8, b'', 0, 0, 0
        while pos < len(data):
            length, kind = struct.unpack('>I4s', data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + length]
            if kind == b'IHDR':
                width, height, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
                assert depth == 8 and ctype in (2, 6) and interlace == 0, 'unsupported PNG'
            elif kind == b'IDAT':
                idat += body
            pos += 12 + length
        bpp = 3 if ctype == 2 else 4
        raw = zlib.decompress(idat)
        stride = width * bpp
        previous = bytearray(stride)
        target = [int(x) for x in sys.argv[2].split(',')]
        count = 0
        for row in range(height):
            start = row * (stride + 1)
            kind = raw[start]
            line = bytearray(raw[start + 1:start + 1 + stride])
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = previous[i]
                c = previous[i - bpp] if i >= bpp else 0
                if kind == 1: line[i] = (line[i] + a) & 255
                elif kind == 2: line[i] = (line[i] + b) & 255
                elif kind == 3: line[i] = (line[i] + (a + b) // 2) & 255
                elif kind == 4:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            for x in range(0, stride, bpp):
                if all(abs(line[x + k] - target[k]) <= 12 for k in range(3)):
                    count += 1
            previous = line
        print(count)
        """
}
