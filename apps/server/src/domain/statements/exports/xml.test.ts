import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { decodeXmlText, parseXml, SAFE_XML_OPTIONS } from './xml.js';

/** Ten levels of ten: 10^9 "lol"s (3 GB) if a parser expands it. */
const levels = Array.from({ length: 9 }, (_, i) => {
  const ref = i === 0 ? '&lol;' : `&lol${i};`;
  return `<!ENTITY lol${i + 1} "${ref.repeat(10)}">`;
});
const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  ${levels.join('\n  ')}
]>
<lolz><a>&lol9;</a></lolz>`;

const externalEntity = `<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<d>&secret;</d>`;

describe('parseXml safety', () => {
  it('refuses a billion-laughs document before parsing, naming the line', () => {
    expect(parseXml(billionLaughs)).toMatchObject({
      ok: false,
      error: { code: 'EXPORT_XML_UNSAFE', line: 2 },
    });
  });

  it('refuses external entities', () => {
    expect(parseXml(externalEntity)).toMatchObject({ ok: false, error: { code: 'EXPORT_XML_UNSAFE' } });
  });

  it('has a parser configuration that expands nothing even when handed the bomb directly', () => {
    const started = performance.now();
    const parsed = new XMLParser(SAFE_XML_OPTIONS).parse(billionLaughs) as { lolz: { a: string } };
    expect(parsed.lolz.a).toBe('&lol9;');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('has a parser configuration that does not substitute internal entities either', () => {
    const parsed = new XMLParser(SAFE_XML_OPTIONS).parse(
      '<!DOCTYPE d [<!ENTITY x "expanded">]><d>&x;</d>',
    ) as { d: string };
    expect(parsed.d).toBe('&x;');
  });

  it('refuses nesting deeper than 40 elements', () => {
    const deep = '<a>'.repeat(60) + '</a>'.repeat(60);
    expect(parseXml(deep)).toMatchObject({ ok: false, error: { code: 'EXPORT_MALFORMED' } });
  });
});

describe('decodeXmlText', () => {
  it('decodes the predefined entities and character references only', () => {
    expect(decodeXmlText('A &amp; B &lt;&gt; &quot;&apos; &#233;&#xE9; &nbsp; &#0;')).toBe(
      'A & B <> "\' éé &nbsp; &#0;',
    );
  });
});
