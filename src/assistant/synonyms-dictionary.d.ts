// The `synonyms` package ships no types: its table is { word: { n?, v?, a?, s?, r?: string[] } }.
declare module "synonyms/dictionary.js" {
  const dictionary: Record<string, Partial<Record<string, string[]>>>;
  export default dictionary;
}
