/** True when an XML document's DOCTYPE declares entities: such documents are refused before parsing (entity expansion attacks). */
export function hasEntityDeclarations(text: string): boolean {
  const doctype = /<!DOCTYPE/i.exec(text);
  if (doctype === null) return false;
  return /<!ENTITY/i.test(text.slice(doctype.index));
}
