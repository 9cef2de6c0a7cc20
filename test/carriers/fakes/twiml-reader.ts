/** An element of a TwiML document, as Twilio reads it. */
export interface TwimlNode {
  name: string;
  attrs: Record<string, string>;
  children: TwimlNode[];
  text: string;
}

const unescape = (text: string) =>
  text.replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/** Reads the small documents Switchboard answers (no comments, no CDATA), so the fake can follow them as Twilio would. */
export function readTwiml(xml: string): TwimlNode {
  const root: TwimlNode = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [root];
  for (const [, close, name, attrText, selfClose, text] of xml.replace(/^<\?xml[^>]*\?>/, '').matchAll(/<(\/?)(\w+)([^>]*?)(\/?)>|([^<]+)/g)) {
    const top = stack.at(-1)!;
    if (text !== undefined) top.text += unescape(text);
    else if (close) stack.pop();
    else {
      const attrs = Object.fromEntries([...attrText!.matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key!, unescape(value!)]));
      const node: TwimlNode = { name: name!, attrs, children: [], text: '' };
      top.children.push(node);
      if (!selfClose) stack.push(node);
    }
  }
  const response = root.children[0];
  if (response?.name !== 'Response') throw new Error(`not TwiML: ${xml}`);
  return response;
}
