// The data sources whose defaults are real hosts (cisa.gov, FIRST, GitHub, NVD), all off: tests
// never leave loopback. Every test that builds a config or a child's environment starts from this;
// a test that exercises a source sets its URL to a loopback server.
export const OFFLINE_SOURCES: Readonly<Record<string, string>> = Object.freeze({
  KEV_URL: 'off',
  EPSS_URL: 'off',
  CVE_RECORDS_URL: 'off',
  NVD_URL: 'off',
});
