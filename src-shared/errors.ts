/**
 * Errors that cross a process boundary travel as plain `{code, message, params}` values, never as
 * stack traces. Each code has a stable name and a message template in French and English, so the
 * renderer, the CLI and the HTTP bridge can all show the same error in the user's language.
 */
export type Lang = 'en' | 'fr';

export const errorMessages = {
  VALIDATION: { en: 'Invalid input: {detail}', fr: 'Entrée invalide : {detail}' },
  UNKNOWN_METHOD: { en: 'Unknown method: {method}', fr: 'Méthode inconnue : {method}' },
  INTERNAL: { en: 'Internal error: {detail}', fr: 'Erreur interne : {detail}' },
  CANCELLED: { en: 'Cancelled', fr: 'Annulé' },
  NOT_FOUND: { en: 'Not found: {what}', fr: 'Introuvable : {what}' },
  FILE_NOT_FOUND: { en: 'File not found: {file}', fr: 'Fichier introuvable : {file}' },
  FILE_UNREADABLE: { en: 'Cannot read file {file}: {detail}', fr: 'Impossible de lire le fichier {file} : {detail}' },
  FILE_EMPTY: { en: 'The file {file} is empty', fr: 'Le fichier {file} est vide' },
  FILE_TOO_LARGE: {
    en: 'The file {file} is too large ({size}; the limit is {limit})',
    fr: 'Le fichier {file} est trop volumineux ({size} ; la limite est {limit})',
  },
  UNSUPPORTED_FORMAT: {
    en: 'Unsupported file type: {file}',
    fr: 'Type de fichier non pris en charge : {file}',
  },
  CORRUPT_FILE: {
    en: 'The file {file} is damaged or not a valid {format}: {detail}',
    fr: 'Le fichier {file} est endommagé ou n’est pas un {format} valide : {detail}',
  },
  ENCRYPTED_FILE: {
    en: 'The file {file} is password-protected',
    fr: 'Le fichier {file} est protégé par un mot de passe',
  },
  NO_TEXT: {
    en: 'No text could be extracted from {file}',
    fr: 'Aucun texte n’a pu être extrait de {file}',
  },
  FORMAT_MISMATCH: {
    en: 'The file {file} is named like a {expected} file but its content is {actual}',
    fr: 'Le fichier {file} porte l’extension d’un fichier {expected} mais son contenu est {actual}',
  },
  ARCHIVE_TOO_LARGE: {
    en: 'The file {file} would unpack to {size} (the limit is {limit}): refused as a possible zip bomb',
    fr: 'Le fichier {file} occuperait {size} une fois décompressé (la limite est {limit}) : refusé comme possible bombe de décompression',
  },
  OCR_LANGUAGE_MISSING: {
    en: 'No text recognition data is installed for the language(s) {languages}',
    fr: 'Aucune donnée de reconnaissance de texte n’est installée pour la ou les langues {languages}',
  },
  OCR_FAILED: {
    en: 'Text recognition failed on page {page} of {file}: {detail}',
    fr: 'La reconnaissance de texte a échoué à la page {page} de {file} : {detail}',
  },
  INGEST_INTERRUPTED: {
    en: 'Ingestion of {file} was interrupted (the application stopped); add the file again',
    fr: 'L’ingestion de {file} a été interrompue (l’application s’est arrêtée) ; ajoutez le fichier à nouveau',
  },
  LIBRARY_TOO_NEW: {
    en: 'This library was written by a newer version of Phare (format {version}; this version reads up to {supported})',
    fr: 'Cette bibliothèque a été écrite par une version plus récente de Phare (format {version} ; cette version lit jusqu’au format {supported})',
  },
  DUPLICATE: {
    en: 'Already in the library as “{title}”',
    fr: 'Déjà dans la bibliothèque sous le titre « {title} »',
  },
  ORIGINAL_TOO_LARGE: {
    en: 'The original of “{title}” is too large to open in the viewer ({size}; the limit is {limit}); its text can still be shown',
    fr: 'L’original de « {title} » est trop volumineux pour la visionneuse ({size} ; la limite est {limit}) ; son texte reste consultable',
  },
  ORIGINAL_MISSING: {
    en: 'The kept copy of “{title}” is missing from the data folder; add the file again to view it',
    fr: 'La copie conservée de « {title} » est absente du dossier de données ; ajoutez le fichier à nouveau pour l’afficher',
  },
  COLLECTION_EXISTS: { en: 'A collection named “{name}” already exists', fr: 'Une collection nommée « {name} » existe déjà' },
  COLLECTION_NOT_EMPTY: {
    en: 'The collection “{name}” still holds {count} documents; remove them with it or move them first',
    fr: 'La collection « {name} » contient encore {count} documents ; supprimez-les avec elle ou déplacez-les d’abord',
  },
  DOCUMENT_BUSY: {
    en: '“{title}” is still being ingested; move it once it is ready',
    fr: '« {title} » est encore en cours d’ingestion ; déplacez-le une fois prêt',
  },
  WATCH_FOLDER_UNUSABLE: {
    en: 'Cannot watch {folder}: {detail}',
    fr: 'Impossible de surveiller {folder} : {detail}',
  },
  /** `reason`: 'root', 'home' or 'data' (the data folder, a folder in it or one that holds it). */
  WATCH_FOLDER_TOO_BROAD: {
    en: '{folder} is a disk root, your home folder or holds Phare’s own data: watching it would ingest far more than documents. Confirm to watch it anyway',
    fr: '{folder} est la racine d’un disque, votre dossier personnel ou contient les données de Phare : le surveiller ingérerait bien plus que des documents. Confirmez pour le surveiller quand même',
  },
  MODEL_NOT_FOUND: { en: 'Model file not found: {file}', fr: 'Fichier de modèle introuvable : {file}' },
  MODEL_INVALID: {
    en: 'Not a usable GGUF model ({file}): {detail}',
    fr: 'Modèle GGUF inutilisable ({file}) : {detail}',
  },
  MODEL_NOT_LOADED: { en: 'No {role} model is loaded', fr: 'Aucun modèle de {role} n’est chargé' },
  MODEL_CRASHED: {
    en: 'The model process stopped unexpectedly ({detail}). Load a model again to continue.',
    fr: 'Le processus du modèle s’est arrêté de façon inattendue ({detail}). Rechargez un modèle pour continuer.',
  },
  MODEL_EXISTS: {
    en: 'A model named {file} is already in the models folder',
    fr: 'Un modèle nommé {file} est déjà dans le dossier des modèles',
  },
  MODEL_DOWNLOAD_OFFLINE: {
    en: 'Cannot download {uri}: this machine cannot reach the server (offline?). Download the file elsewhere and import it.',
    fr: 'Impossible de télécharger {uri} : cette machine n’atteint pas le serveur (hors ligne ?). Téléchargez le fichier ailleurs puis importez-le.',
  },
  MODEL_DOWNLOAD_FAILED: {
    en: 'The download of {uri} failed: {detail}',
    fr: 'Le téléchargement de {uri} a échoué : {detail}',
  },
  MODEL_URI_INVALID: {
    en: 'Not a model address: {uri} (expected hf:owner/repo/file.gguf or an https URL)',
    fr: 'Adresse de modèle invalide : {uri} (attendu : hf:propriétaire/dépôt/fichier.gguf ou une URL https)',
  },
  REMOTE_UNREACHABLE: {
    en: 'Cannot reach the remote model server {url}: {detail}',
    fr: 'Impossible de joindre le serveur de modèle distant {url} : {detail}',
  },
  REMOTE_ERROR: {
    en: 'The remote model server {url} answered with an error (HTTP {status}): {detail}',
    fr: 'Le serveur de modèle distant {url} a répondu par une erreur (HTTP {status}) : {detail}',
  },
  REMOTE_TIMEOUT: {
    en: 'The remote model server {url} did not answer within {seconds} s',
    fr: 'Le serveur de modèle distant {url} n’a pas répondu en {seconds} s',
  },
  REMOTE_NOT_CONFIGURED: {
    en: 'The remote model is chosen but not set up: {detail}',
    fr: 'Le modèle distant est choisi mais pas configuré : {detail}',
  },
  REMOTE_MODEL_MISSING: {
    en: 'The remote server {url} does not offer the model “{model}”',
    fr: 'Le serveur distant {url} ne propose pas le modèle « {model} »',
  },
  BACKEND_UNAVAILABLE: {
    en: 'The requested compute backend “{backend}” is not available on this machine',
    fr: 'Le moteur de calcul demandé « {backend} » n’est pas disponible sur cette machine',
  },
  CONVERSATION_NOT_FOUND: {
    en: 'No conversation {id} (it may have been deleted)',
    fr: 'Aucune conversation {id} (elle a peut-être été supprimée)',
  },
  CHAT_MODEL_REQUIRED: {
    en: 'A conversation with the model alone needs a chat model: add one on the Models screen',
    fr: 'Une conversation avec le modèle seul demande un modèle de conversation : ajoutez-en un dans l’écran Modèles',
  },
  MESSAGE_NOT_FOUND: {
    en: 'No answer {id} in your conversations',
    fr: 'Aucune réponse {id} dans vos conversations',
  },
  FEEDBACK_NEEDS_DIRECTION: {
    en: 'Give the answer a thumbs up or down, or a rating from 1 to 5',
    fr: 'Indiquez un pouce levé ou baissé, ou une note de 1 à 5',
  },
  FEEDBACK_NOT_FOUND: { en: 'No feedback on the answer {id}', fr: 'Aucun avis sur la réponse {id}' },
  ANSWER_NOT_RATABLE: {
    en: 'The answer {id} cannot be rated: {detail}',
    fr: 'La réponse {id} ne peut pas être évaluée : {detail}',
  },
  SOURCE_NOT_IN_ANSWER: {
    en: 'The answer has no source [{n}] (it has {count})',
    fr: 'La réponse n’a pas de source [{n}] (elle en a {count})',
  },
  ANALYSIS_RUNNING: {
    en: 'An analysis run is already going on (started {startedAt}); wait for it or cancel it',
    fr: 'Une analyse est déjà en cours (démarrée {startedAt}) ; attendez-la ou annulez-la',
  },
  CHUNK_NOT_FOUND: { en: 'No passage {id} in the library', fr: 'Aucun passage {id} dans la bibliothèque' },
  REVIEW_ITEM_NOT_FOUND: { en: 'No review item {id}', fr: 'Aucun élément à examiner {id}' },
  REVIEW_ITEM_CLOSED: {
    en: 'The review item {id} was already decided ({status})',
    fr: 'L’élément {id} a déjà été tranché ({status})',
  },
  RECOMMENDATION_NOT_FOUND: { en: 'No recommendation {id}', fr: 'Aucune recommandation {id}' },
  RECOMMENDATION_CLOSED: {
    en: 'The recommendation {id} is no longer open ({status})',
    fr: 'La recommandation {id} n’est plus ouverte ({status})',
  },
  JUDGE_INVALID_OUTPUT: {
    en: 'The judge model’s answer did not follow the expected form: {detail}',
    fr: 'La réponse du modèle juge ne suit pas la forme attendue : {detail}',
  },
  JUDGE_TIMEOUT: {
    en: 'The judge model did not answer within {seconds} s',
    fr: 'Le modèle juge n’a pas répondu en {seconds} s',
  },
  ANALYTICS_QUERY_REFUSED: {
    en: 'Query refused ({what}): only one SELECT over the analytics tables may run, and it may not read files, the network or extensions',
    fr: 'Requête refusée ({what}) : seule une instruction SELECT sur les tables d’analyse peut s’exécuter, sans lire de fichiers, le réseau ni d’extensions',
  },
  ANALYTICS_QUERY_FAILED: { en: 'The analytics query failed: {detail}', fr: 'La requête d’analyse a échoué : {detail}' },
  ANALYTICS_QUERY_TIMEOUT: {
    en: 'The analytics query was stopped after {seconds} s; narrow it (fewer rows, a WHERE clause)',
    fr: 'La requête d’analyse a été arrêtée après {seconds} s ; restreignez-la (moins de lignes, une clause WHERE)',
  },
  BACKUP_FAILED: { en: 'The backup could not be made: {detail}', fr: 'La sauvegarde n’a pas pu être faite : {detail}' },
  BACKUP_RUNNING: { en: 'A backup or restore is already going on; wait for it to end', fr: 'Une sauvegarde ou une restauration est déjà en cours ; attendez qu’elle se termine' },
  BACKUP_NOT_FOUND: { en: 'No backup {file}', fr: 'Aucune sauvegarde {file}' },
  BACKUP_INVALID: {
    en: 'The backup {file} is damaged or incomplete and was refused: {detail}',
    fr: 'La sauvegarde {file} est endommagée ou incomplète et a été refusée : {detail}',
  },
  RESTORE_TARGET_NOT_EMPTY: {
    en: 'The folder {dir} is not empty: restoring would replace its library. Confirm with --force',
    fr: 'Le dossier {dir} n’est pas vide : la restauration remplacerait sa bibliothèque. Confirmez avec --force',
  },
  MAINTENANCE_RUNNING: { en: 'An index rebuild is already going on; wait for it to end', fr: 'Une reconstruction des index est déjà en cours ; attendez qu’elle se termine' },
  UNAUTHORIZED: {
    en: 'Sign-in required: open the link `phare serve` printed (or run `phare link`), or send the API token',
    fr: 'Connexion requise : ouvrez le lien affiché par `phare serve` (ou lancez `phare link`), ou envoyez le jeton d’API',
  },
  FORBIDDEN: {
    en: 'Your role ({role}) does not allow {method}; ask an administrator',
    fr: 'Votre rôle ({role}) ne permet pas {method} ; demandez à un administrateur',
  },
  RATE_LIMITED: {
    en: 'Too many requests of this kind ({limit} a minute); try again in {seconds} s',
    fr: 'Trop de requêtes de ce type ({limit} par minute) ; réessayez dans {seconds} s',
  },
  SERVER_BUSY: {
    en: 'The server is receiving too much at once; try again in {seconds} s',
    fr: 'Le serveur reçoit trop de données à la fois ; réessayez dans {seconds} s',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type ErrorCode = keyof typeof errorMessages;
export type ErrorParams = Record<string, string | number>;

/** The serialisable shape of an error, as it crosses IPC, HTTP and the CLI's JSON output. */
export interface ErrorValue {
  code: ErrorCode;
  message: string;
  params?: ErrorParams;
}

/** Fills `{name}` placeholders; unknown names stay visible rather than vanish. */
export function fillTemplate(template: string, params: ErrorParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => (key in params ? String(params[key]) : `{${key}}`));
}

export function formatErrorMessage(code: ErrorCode, params: ErrorParams = {}, lang: Lang = 'en'): string {
  return fillTemplate((errorMessages[code] ?? errorMessages.INTERNAL)[lang], params);
}

/** A typed error with a stable code. `message` is English; `toValue(lang)` gives the user's language. */
export class PhareError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;

  constructor(code: ErrorCode, params: ErrorParams = {}, options?: { cause?: unknown }) {
    super(formatErrorMessage(code, params, 'en'), options);
    this.name = 'PhareError';
    this.code = code;
    this.params = params;
  }

  toValue(lang: Lang = 'en'): ErrorValue {
    return { code: this.code, message: formatErrorMessage(this.code, this.params, lang), params: this.params };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && value in errorMessages;
}

/** Turns anything thrown into an ErrorValue; unknown errors become INTERNAL with their message only. */
export function toErrorValue(error: unknown, lang: Lang = 'en'): ErrorValue {
  if (error instanceof PhareError) return error.toValue(lang);
  if (error && typeof error === 'object' && 'code' in error && isErrorCode((error as { code: unknown }).code)) {
    const e = error as { code: ErrorCode; params?: ErrorParams };
    return { code: e.code, message: formatErrorMessage(e.code, e.params ?? {}, lang), params: e.params ?? {} };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: formatErrorMessage('INTERNAL', { detail }, lang), params: { detail } };
}
