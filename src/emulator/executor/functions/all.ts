/** Loads every family of built-in scalar functions into the registry. */
import './strings';
import './datetime';
import './dynamic';
import './math';
import './conversion';
