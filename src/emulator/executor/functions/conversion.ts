/** Conversion functions (to*), not(), new_guid(). */
import { randomUUID } from 'node:crypto';
import type { KqlType } from '../../../core/schema/schema';
import { convert, type Value } from '../values';
import { define, type CallInfo } from './registry';

const to = (t: KqlType) => (a: Value[], i: CallInfo) => convert(a[0], i.argTypes[0] ?? 'dynamic', t);
define('tostring', to('string'));
define(['toint'], to('int'));
define(['tolong'], to('long'));
define(['toreal', 'todouble'], to('real'));
define(['todecimal'], to('decimal'));
define(['tobool', 'toboolean'], to('bool'));
define(['todatetime'], to('datetime'));
define(['totimespan', 'totime'], to('timespan'));
define(['toguid'], to('guid'));
define('not', (a) => (a[0] === null ? null : !a[0]));
define('new_guid', () => randomUUID());
