// Builds the workflow bundle into its cache (node_modules/.cache/switchboard), so workers start without
// running webpack. The Dockerfile runs it at image build time.
import { provideWorkflowBundle } from '../infra/workflow-bundle.ts';

const { codePath } = await provideWorkflowBundle();
console.log(`workflow bundle: ${codePath}`);
