import { expect } from 'chai';
import { findJsonSyntaxError } from '../../src/http/json-syntax-error';

describe('findJsonSyntaxError', () => {
  const invalid: Array<[string, number, RegExp]> = [
    ['{"a":}', 5, /unexpected "}", expected a value/],
    ['{', 1, /unexpected end of input, expected a property name/],
    ['[1,2', 4, /end of input, expected "," or "]"/],
    ['{"a" 1}', 5, /expected ":"/],
    ['tru', 3, /end of input in true/],
    ['nulL', 3, /unexpected "L" in null/],
    ['"abc', 4, /unterminated string/],
    ['{"a":1}x', 7, /expected end of input/],
    ['[1,]', 3, /unexpected "]", expected a value/],
    ['{"a":"\u0001"}', 6, /control character/],
    ['"\\x"', 1, /bad escape/],
    ['"\\u12G4"', 1, /bad \\u escape/],
    ['01', 1, /bad number/],
    ['-', 0, /bad number/],
    ['1.', 1, /bad number/],
    ['{"a":1,}', 7, /property name/],
    ['\u00e9', 0, /unexpected U\+00E9, expected a value/],
    ['[' + '['.repeat(100000), 100001, /end of input/],
  ];
  for (const [text, position, reason] of invalid) {
    it(`places the error in ${JSON.stringify(text.slice(0, 20))} at ${position}`, () => {
      expect(() => JSON.parse(text)).to.throw(SyntaxError);
      const problem = findJsonSyntaxError(text);
      expect(problem?.position).to.equal(position);
      expect(problem?.reason).to.match(reason);
    });
  }

  for (const text of ['{}', '[]', ' {"a":[1,-2.5e+3,true,false,null,"\\u00e9\\n"]} ', '"x"', '0', '{"a":{"b":[{}]}}']) {
    it(`finds nothing wrong in ${text}`, () => {
      expect(() => JSON.parse(text)).not.to.throw();
      expect(findJsonSyntaxError(text)).to.equal(undefined);
    });
  }
});
