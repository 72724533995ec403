import { it } from 'vitest';
import { createRedactor } from './redactor';
it('scratch', () => {
  const jwt = 'eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJzdWIiOiAic3ZjLWV0bCIsICJhdWQiOiAid2FyZWhvdXNlLWFwaSIsICJleHAiOiAxNzk1MDAwMDAwfQ.5WLmgIsrh-Jgr8s0ZJlB0wSOw7mI3hn-rp2pJ7FxHwY';
  console.log(createRedactor().redact(`22 | [2026-11-25T12:26:59.684221Z] INFO task.stdout: partner session token: ${jwt}`).text);
  console.log(/\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/.exec(jwt));
});
