/** The CLI's own words, in French and English. Errors from the core use the contract's error table. */
import { fillTemplate, type Lang } from '../../src-shared/errors';

const messages = {
  NO_QUERY: { en: 'Give a query, or --batch <file>', fr: 'Indiquez une requête, ou --batch <fichier>' },
  BATCH_WITH_QUERY: { en: 'Give either a query or --batch, not both', fr: 'Indiquez une requête ou --batch, pas les deux' },
  BATCH_UNREADABLE: { en: 'Cannot read the batch file {file}: {detail}', fr: 'Impossible de lire le fichier de requêtes {file} : {detail}' },
  BAD_PORT: { en: 'Invalid port: {port}', fr: 'Port invalide : {port}' },
  PORT_IN_USE: {
    en: 'Port {port} is already in use; choose another with --port',
    fr: 'Le port {port} est déjà utilisé ; choisissez-en un autre avec --port',
  },
  DATA_DIR_UNUSABLE: { en: 'Cannot open the library in {dir}: {detail}', fr: 'Impossible d’ouvrir la bibliothèque dans {dir} : {detail}' },
  NOT_REMOVED: { en: 'No document with id {id}', fr: 'Aucun document avec l’identifiant {id}' },
  INGEST_INTERRUPTED: { en: 'Interrupted: cancelling the ingestion…', fr: 'Interrompu : annulation de l’ingestion…' },
  REMOVED: { en: 'Removed {id}', fr: 'Supprimé : {id}' },
  EXTRACTIVE_LABEL: {
    en: '(No chat model loaded: these are the most relevant passages, not a generated answer.)',
    fr: '(Aucun modèle de conversation chargé : voici les passages les plus pertinents, pas une réponse générée.)',
  },
  NO_SOURCES: { en: 'Nothing in the library matches this question.', fr: 'Rien dans la bibliothèque ne correspond à cette question.' },
  SOURCES: { en: 'Sources:', fr: 'Sources :' },
  PAGE: { en: 'p.', fr: 'p.' },
  NO_DOCUMENTS: { en: 'The library is empty.', fr: 'La bibliothèque est vide.' },
  WATCH_ADDED: {
    en: 'Watching {folder} (collection {collection}). The desktop app or `phare serve` keeps the library in sync with it.',
    fr: 'Dossier surveillé : {folder} (collection {collection}). L’application ou `phare serve` tient la bibliothèque à jour avec lui.',
  },
  WATCH_REMOVED: { en: 'No longer watching {folder} (its documents stay in the library).', fr: 'Dossier plus surveillé : {folder} (ses documents restent dans la bibliothèque).' },
  WATCH_NOT_WATCHED: { en: '{folder} was not watched.', fr: '{folder} n’était pas surveillé.' },
  WATCH_NONE: { en: 'No folder is watched.', fr: 'Aucun dossier n’est surveillé.' },
  INGEST_PROGRESS: { en: '[{done}/{total}] {file}: {stage}…', fr: '[{done}/{total}] {file} : {stage}…' },
  INGEST_FILE_DONE: { en: '[{done}/{total}] {file}: finished', fr: '[{done}/{total}] {file} : terminé' },
  NO_HITS: { en: 'No results.', fr: 'Aucun résultat.' },
  SUMMARY: {
    en: '{ready} ready, {failed} failed, {duplicate} already in the library',
    fr: '{ready} prêt(s), {failed} en échec, {duplicate} déjà dans la bibliothèque',
  },
  SERVING: { en: 'Phare is serving {dir} at {url}', fr: 'Phare sert {dir} à l’adresse {url}' },
  STOP_HINT: { en: 'Press Ctrl+C to stop.', fr: 'Ctrl+C pour arrêter.' },
  UI_NOT_BUILT: {
    en: 'The web UI is not built ({dir} is missing): run `npm run build`. The API is served anyway.',
    fr: 'L’interface web n’est pas construite ({dir} est absent) : lancez `npm run build`. L’API est servie quand même.',
  },
  STOPPED: { en: 'Stopped.', fr: 'Arrêté.' },
  REEMBED_NO_MODEL: {
    en: 'No embedding model is configured: choose one with --embedding-model or in the settings.',
    fr: 'Aucun modèle d’embeddings n’est configuré : choisissez-en un avec --embedding-model ou dans les réglages.',
  },
  REEMBED_PROGRESS: { en: 'Re-embedding: {done}/{total} documents', fr: 'Recalcul des vecteurs : {done}/{total} documents' },
  REEMBED_DONE: {
    en: '{done}/{total} documents re-embedded with {model} ({embedded} passages embedded, {cached} from the cache)',
    fr: '{done}/{total} documents recalculés avec {model} ({embedded} passages calculés, {cached} repris du cache)',
  },
  REEMBED_CANCELLED: { en: 'Re-embedding cancelled after {done}/{total} documents.', fr: 'Recalcul annulé après {done}/{total} documents.' },
  REEMBED_INTERRUPTED: { en: 'Interrupted: cancelling the re-embedding…', fr: 'Interrompu : annulation du recalcul…' },
  VALIDATION_OK: { en: 'all checks passed', fr: 'toutes les vérifications sont passées' },
  VALIDATION_FAILED: { en: 'FAILED', fr: 'ÉCHEC' },
  VALIDATION_NONE: { en: 'not checked', fr: 'non vérifié' },
  NO_MODELS: { en: 'No GGUF model in {dir}.', fr: 'Aucun modèle GGUF dans {dir}.' },
  MODEL_ADDED: { en: 'Added {file} ({role}, {size}) to {dir}', fr: '{file} ({role}, {size}) ajouté à {dir}' },
  MODEL_FIT: {
    en: 'Fits this machine: {fits} (needs {required}, {available} free in {where})',
    fr: 'Tient sur cette machine : {fits} (demande {required}, {available} libres en {where})',
  },
  CONVERSATION_HINT: {
    en: '(conversation {id}: ask a follow-up with --conversation {id})',
    fr: '(conversation {id} : posez une question de suivi avec --conversation {id})',
  },
  NO_CONVERSATIONS: { en: 'No conversation.', fr: 'Aucune conversation.' },
  CONVERSATION_QUESTIONS: { en: '{count} question(s)', fr: '{count} question(s)' },
  EXPORTED: { en: 'Wrote {file}', fr: 'Écrit : {file}' },
} as const satisfies Record<string, Record<Lang, string>>;

export type CliMessageCode = keyof typeof messages;

export function cliMessage(code: CliMessageCode, lang: Lang, params: Record<string, string | number> = {}): string {
  return fillTemplate(messages[code][lang], params);
}
