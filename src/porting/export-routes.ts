/**
 * @deprecated Moved to src/admin/export/routes.ts. This re-export lives only until src/index.ts
 * imports `exportRoutes` from there; then delete this file (and with redirects.ts gone, src/porting/).
 */
export { exportRoutes } from '../admin/export/routes'
