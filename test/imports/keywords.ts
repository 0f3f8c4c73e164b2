/** The extension keywords the importers write (annotations to a validator; compared by their own rules), for strict ajv. */
export const IMPORT_KEYWORDS = ['x-complex', 'x-content-type'];
