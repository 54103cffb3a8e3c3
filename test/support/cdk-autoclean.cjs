/**
 * aws-cdk-lib/testhelpers/jest-autoclean, for the test files that need it: after a file that
 * synthesized an app, remove the app's temporary cloud assembly directories. jest-autoclean loads
 * aws-cdk-lib's cx-api in every file (about 0.1 s each); most test files here never load CDK.
 */
const path = require('node:path');

const CLOUD_ASSEMBLY = `${path.sep}@aws-cdk${path.sep}cloud-assembly-api${path.sep}`;

afterAll(() => {
  // require.cache holds this test file's modules: the directories are listed by a module it loaded.
  if (!Object.keys(require.cache).some((file) => file.includes(CLOUD_ASSEMBLY))) return;
  require('aws-cdk-lib/cx-api').CloudAssembly.cleanupTemporaryDirectories();
});
