package org.commune.search;

import java.io.Reader;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.ar.ArabicNormalizationFilter;
import org.apache.lucene.analysis.ar.ArabicStemFilter;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * How text becomes search terms, the same for what is indexed and what is asked, in Arabic and English
 * alike: letters folded before splitting into words ({@link #FOLDING}), then lower case, Lucene's Arabic
 * normalisation (alef with hamza or madda → alef, taa marbuta → haa, alef maqsura → yaa, tatweel and
 * harakat removed), a light Arabic stemmer (the article "ال" and the common prefixes and suffixes, so
 * "الجمعية" and "جمعية" meet) and Latin accents folded ("café" = "cafe").
 */
final class TextAnalyzer extends Analyzer {

  /**
   * What Lucene's Arabic normalisation leaves alone, mapped before the text is split into words: alef
   * wasla, hamza on waw and on yaa, Persian and Urdu letter forms members type on their phones (yeh,
   * keheh), the superscript alef and the Quranic and hamza marks it does not strip, Arabic-Indic and
   * Persian digits (to 0-9), and invisible characters that would split or disguise a word (zero-width
   * joiners, direction marks and isolates, the soft hyphen).
   */
  static final NormalizeCharMap FOLDING = folding();

  private static NormalizeCharMap folding() {
    NormalizeCharMap.Builder map = new NormalizeCharMap.Builder();
    map.add("\u0671", "\u0627"); // alef wasla → alef
    map.add("\u0672", "\u0627"); // alef with wavy hamza above
    map.add("\u0673", "\u0627"); // alef with wavy hamza below
    map.add("\u0675", "\u0627"); // high hamza alef
    map.add("\u0624", "\u0648"); // waw with hamza → waw
    map.add("\u0626", "\u064A"); // yaa with hamza → yaa
    map.add("\u06CC", "\u064A"); // Farsi yeh → yaa
    map.add("\u06D2", "\u064A"); // yeh barree → yaa
    map.add("\u06A9", "\u0643"); // keheh → kaf
    map.add("\u06C1", "\u0647"); // heh goal → haa
    map.add("\u06C3", "\u0647"); // taa marbuta goal → haa
    map.add("\u06D5", "\u0647"); // ae → haa
    for (char mark : new char[] {'\u0670', '\u0653', '\u0654', '\u0655', '\u0656', '\u0657', '\u0658', '\u065F',
        '\u06E1', '\u0640', '\u200B', '\u200C', '\u200D', '\u200E', '\u200F', '\u202A', '\u202B', '\u202C',
        '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u00AD', '\uFEFF'}) {
      map.add(String.valueOf(mark), "");
    }
    for (char mark = '\u0610'; mark <= '\u061A'; mark++) {
      map.add(String.valueOf(mark), "");
    }
    for (int d = 0; d <= 9; d++) {
      map.add(String.valueOf((char) ('\u0660' + d)), String.valueOf(d));
      map.add(String.valueOf((char) ('\u06F0' + d)), String.valueOf(d));
    }
    return map.build();
  }

  @Override
  protected Reader initReader(String fieldName, Reader reader) {
    return new MappingCharFilter(FOLDING, reader);
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    Tokenizer words = new StandardTokenizer();
    TokenStream terms = new LowerCaseFilter(words);
    terms = new ArabicNormalizationFilter(terms);
    terms = new ArabicStemFilter(terms);
    terms = new ASCIIFoldingFilter(terms);
    return new TokenStreamComponents(words, terms);
  }

  @Override
  protected TokenStream normalize(String fieldName, TokenStream in) {
    return new ArabicNormalizationFilter(new LowerCaseFilter(in));
  }
}
