/**
 * The bridge's own small pages: sign-in (the API token on a local server, a name and password in LAN
 * mode) and sign-out. Plain HTML forms: no script, so they work before the app is allowed to load,
 * under a CSP that allows only their one inline style block (by hash) and posting to themselves.
 */
import { createHash } from 'node:crypto';
import type { Lang } from '../../src-shared/errors';

export type SignInNotice = 'wrong-token' | 'wrong-password' | 'link-spent' | 'too-many' | 'signed-out' | 'bad-request';

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1d2733}
main{max-width:26rem;margin:12vh auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem;margin:0 0 1rem}label{display:block;margin:1rem 0 .25rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.5rem;font:inherit;border:1px solid #8a96a3;border-radius:4px}
button{margin-top:1.25rem;padding:.55rem 1.2rem;font:inherit;background:#1f5fa8;color:#fff;border:0;border-radius:4px;cursor:pointer}
p.notice{padding:.6rem .8rem;border-radius:4px;background:#fdecea;color:#8a1c12}p.info{background:#e8f1fb;color:#123d6b}
code{font-size:.9em;background:#eef1f4;padding:0 .2rem;border-radius:3px}small{color:#52606d}`;

const styleHash = createHash('sha256').update(STYLE).digest('base64');

export const SIGN_IN_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${styleHash}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const texts = {
  en: {
    title: 'Phare — sign in',
    localIntro:
      'This Phare server asks for its access token. Open the link <code>phare serve</code> printed when it started, or run <code>phare link</code> for a new one. You can also paste the token kept in the file <code>api-token</code> of the data folder.',
    lanIntro: 'Sign in with the account your administrator gave you.',
    token: 'Access token',
    name: 'Name',
    password: 'Password',
    signIn: 'Sign in',
    signOutTitle: 'Phare — sign out',
    signOutIntro: 'Sign out of Phare in this browser?',
    signOut: 'Sign out',
    notices: {
      'wrong-token': 'This is not the server’s access token.',
      'wrong-password': 'Wrong name or password.',
      'link-spent': 'This sign-in link was already used or has expired: each link works once. Run <code>phare link</code> for a new one.',
      'too-many': 'Too many attempts: wait {seconds} s and try again.',
      'signed-out': 'You are signed out.',
      'bad-request': 'The form could not be read; try again.',
    },
  },
  fr: {
    title: 'Phare — connexion',
    localIntro:
      'Ce serveur Phare demande son jeton d’accès. Ouvrez le lien affiché par <code>phare serve</code> à son démarrage, ou lancez <code>phare link</code> pour en obtenir un nouveau. Vous pouvez aussi coller le jeton conservé dans le fichier <code>api-token</code> du dossier de données.',
    lanIntro: 'Connectez-vous avec le compte fourni par votre administrateur.',
    token: 'Jeton d’accès',
    name: 'Nom',
    password: 'Mot de passe',
    signIn: 'Se connecter',
    signOutTitle: 'Phare — déconnexion',
    signOutIntro: 'Se déconnecter de Phare dans ce navigateur ?',
    signOut: 'Se déconnecter',
    notices: {
      'wrong-token': 'Ce n’est pas le jeton d’accès du serveur.',
      'wrong-password': 'Nom ou mot de passe incorrect.',
      'link-spent': 'Ce lien de connexion a déjà servi ou a expiré : chaque lien ne fonctionne qu’une fois. Lancez <code>phare link</code> pour en obtenir un nouveau.',
      'too-many': 'Trop de tentatives : attendez {seconds} s puis réessayez.',
      'signed-out': 'Vous êtes déconnecté.',
      'bad-request': 'Le formulaire n’a pas pu être lu ; réessayez.',
    },
  },
} as const;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** French when the browser puts French first, English otherwise (the app's own rule for the UI). */
export function pageLanguage(acceptLanguage: string | undefined): Lang {
  return acceptLanguage?.trim().toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

function page(lang: Lang, title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer"><title>${title}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export function signInPage(options: { lang: Lang; lanMode: boolean; next: string; notice?: SignInNotice; retryAfterSeconds?: number }): string {
  const t = texts[options.lang];
  const notice = options.notice
    ? `<p class="notice${options.notice === 'signed-out' ? ' info' : ''}" role="alert">${t.notices[options.notice].replace('{seconds}', String(options.retryAfterSeconds ?? 60))}</p>`
    : '';
  const fields = options.lanMode
    ? `<label for="name">${t.name}</label><input id="name" name="name" autocomplete="username" autocapitalize="none" required autofocus>` +
      `<label for="password">${t.password}</label><input id="password" name="password" type="password" autocomplete="current-password" required>`
    : `<label for="token">${t.token}</label><input id="token" name="token" type="password" autocomplete="off" required autofocus>`;
  return page(
    options.lang,
    t.title,
    `<h1>${t.title}</h1>${notice}<p><small>${options.lanMode ? t.lanIntro : t.localIntro}</small></p>` +
      `<form method="post" action="/login">${fields}<input type="hidden" name="next" value="${escapeHtml(options.next)}"><button type="submit">${t.signIn}</button></form>`,
  );
}

export function signOutPage(lang: Lang): string {
  const t = texts[lang];
  return page(lang, t.signOutTitle, `<h1>${t.signOutTitle}</h1><p>${t.signOutIntro}</p><form method="post" action="/logout"><button type="submit">${t.signOut}</button></form>`);
}
