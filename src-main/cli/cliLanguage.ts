/** The user's language for CLI messages, from the locale environment (French when it starts with "fr"). */
import type { Lang } from '../../src-shared/errors';

export function cliLanguage(env: NodeJS.ProcessEnv): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || env.LANGUAGE || '';
  return locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}
