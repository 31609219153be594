// Runs in every test file (vitest `setupFiles`): its hook comes last, after the file's own clean-up.
import { afterAll } from 'vitest';
import { removeTempDirs } from './helpers/tempDirs';

afterAll(() => removeTempDirs());
