/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  mutation Refresh($token: String!) {\n    refreshToken(token: $token) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n      user {\n        id\n        email\n        fullName\n        role\n      }\n    }\n  }\n": typeof types.RefreshDocument,
    "\n  query AssistantResumes {\n    myResumes(first: 50) {\n      nodes {\n        id\n        title\n        status\n      }\n    }\n  }\n": typeof types.AssistantResumesDocument,
    "\n  mutation StartConversation($title: String) {\n    startConversation(title: $title) {\n      id\n    }\n  }\n": typeof types.StartConversationDocument,
    "\n  mutation AskAssistant($conversationId: ID, $message: String!, $context: AssistantContext) {\n    askAssistant(conversationId: $conversationId, message: $message, context: $context) {\n      conversationId\n      replyId\n      answer\n      citations {\n        chunkId\n        resumeId\n        text\n      }\n    }\n  }\n": typeof types.AskAssistantDocument,
    "\n  subscription AssistantReply($conversationId: ID!, $after: String) {\n    assistantReply(conversationId: $conversationId, after: $after) {\n      cursor\n      replyId\n      sequence\n      token\n      done\n    }\n  }\n": typeof types.AssistantReplyDocument,
    "\n  query ToolResumes {\n    myResumes(first: 50) {\n      nodes {\n        id\n        title\n        status\n      }\n    }\n  }\n": typeof types.ToolResumesDocument,
    "\n  mutation AnalyzeResume($resumeId: ID!, $jobId: ID!) {\n    analyzeResume(resumeId: $resumeId, target: { jobId: $jobId }) {\n      id\n      status\n    }\n  }\n": typeof types.AnalyzeResumeDocument,
    "\n  subscription AnalysisCompleted($analysisId: ID!, $after: String) {\n    analysisCompleted(analysisId: $analysisId, after: $after) {\n      cursor\n      status\n      score\n      verdict\n      failureReason\n      analysis {\n        id\n        recommendation\n        matches {\n          requirement\n          key\n          status\n          evidence {\n            text\n          }\n        }\n      }\n    }\n  }\n": typeof types.AnalysisCompletedDocument,
    "\n  mutation GenerateCoverLetter($resumeId: ID!, $jobId: ID!, $tone: CoverLetterTone!) {\n    generateCoverLetter(resumeId: $resumeId, target: { jobId: $jobId }, tone: $tone) {\n      text\n      claimsRemoved\n    }\n  }\n": typeof types.GenerateCoverLetterDocument,
    "\n  mutation TailorResume($resumeId: ID!, $jobId: ID!) {\n    tailorResume(resumeId: $resumeId, target: { jobId: $jobId }) {\n      id\n    }\n  }\n": typeof types.TailorResumeDocument,
    "\n  query Job($id: ID!) {\n    job(id: $id) {\n      id\n      title\n      company\n      description\n      remote\n      seniority\n      employmentType\n      sourceUrl\n      postedAt\n      isActive\n      location {\n        city\n        region\n        countryCode\n      }\n      salary {\n        text\n        min\n        max\n        currency\n      }\n      requirements {\n        years\n        requiredSkills\n        preferredSkills\n        qualifications\n      }\n    }\n  }\n": typeof types.JobDocument,
    "\n  query SearchJobs($query: String, $filter: JobSearchFilter, $after: String) {\n    searchJobs(query: $query, filter: $filter, first: 20, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        title\n        company\n        remote\n        seniority\n        location {\n          city\n          countryCode\n        }\n        salary {\n          text\n          min\n          max\n          currency\n        }\n      }\n    }\n  }\n": typeof types.SearchJobsDocument,
    "\n  fragment MatchCard on Match {\n    id\n    score\n    verdict\n    computedAt\n    matchedSkills\n    missingSkills\n    recommendation\n    evidence {\n      skill\n      quote\n      text\n    }\n    job {\n      id\n      title\n      company\n    }\n  }\n": typeof types.MatchCardFragmentDoc,
    "\n  query Matches($resumeId: ID!) {\n    resume(id: $resumeId) {\n      id\n      title\n      status\n    }\n    matchesForResume(resumeId: $resumeId, first: 50) {\n      totalCount\n      nodes {\n        ...MatchCard\n      }\n    }\n  }\n": typeof types.MatchesDocument,
    "\n  subscription MatchFound($resumeId: ID!, $after: String) {\n    matchFound(resumeId: $resumeId, after: $after) {\n      cursor\n      matchId\n      match {\n        ...MatchCard\n      }\n    }\n  }\n": typeof types.MatchFoundDocument,
    "\n  query Preferences {\n    myPreferences {\n      jobSearch {\n        matchThreshold\n        remotePolicy\n        minimumSalary\n        salaryCurrency\n        openToRecruiters\n      }\n    }\n  }\n": typeof types.PreferencesDocument,
    "\n  mutation UpdatePreferences($input: UpdatePreferencesInput!) {\n    updatePreferences(input: $input) {\n      jobSearch {\n        matchThreshold\n        remotePolicy\n        minimumSalary\n        salaryCurrency\n        openToRecruiters\n      }\n    }\n  }\n": typeof types.UpdatePreferencesDocument,
    "\n  mutation PostJob($input: PostJobInput!) {\n    postJob(input: $input) {\n      id\n    }\n  }\n": typeof types.PostJobDocument,
    "\n  query PostedJob($jobId: ID!) {\n    job(id: $jobId) {\n      id\n      title\n      company\n    }\n  }\n": typeof types.PostedJobDocument,
    "\n  query Candidates($jobId: ID!) {\n    candidatesForJob(jobId: $jobId, first: 50) {\n      totalCount\n      nodes {\n        id\n        score\n        verdict\n        matchedSkills\n        missingSkills\n      }\n    }\n  }\n": typeof types.CandidatesDocument,
    "\n  subscription JobCandidates($jobId: ID!, $after: String) {\n    jobCandidates(jobId: $jobId, after: $after) {\n      cursor\n      matchId\n      resumeId\n      score\n      previousScore\n    }\n  }\n": typeof types.JobCandidatesDocument,
    "\n  query ShareLinks($resumeId: ID!) {\n    shareLinks(resumeId: $resumeId) {\n      id\n      expiresAt\n      revokedAt\n      viewCount\n      createdAt\n    }\n  }\n": typeof types.ShareLinksDocument,
    "\n  mutation CreateShareLink($resumeId: ID!, $duration: ShareLinkDuration!) {\n    createShareLink(resumeId: $resumeId, duration: $duration) {\n      id\n      token\n    }\n  }\n": typeof types.CreateShareLinkDocument,
    "\n  mutation RevokeShareLink($id: ID!) {\n    revokeShareLink(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": typeof types.RevokeShareLinkDocument,
    "\n  query Snapshots($resumeId: ID!) {\n    snapshots(resumeId: $resumeId) {\n      id\n      name\n      version\n      createdAt\n    }\n  }\n": typeof types.SnapshotsDocument,
    "\n  mutation CreateSnapshot($resumeId: ID!, $name: String!) {\n    createSnapshot(resumeId: $resumeId, name: $name) {\n      id\n    }\n  }\n": typeof types.CreateSnapshotDocument,
    "\n  query ResumeDiff($resumeId: ID!, $from: Int!, $to: Int!) {\n    resumeDiff(resumeId: $resumeId, from: $from, to: $to) {\n      changes {\n        kind\n        path\n        fields\n      }\n    }\n  }\n": typeof types.ResumeDiffDocument,
    "\n  mutation ExportResumePdf($id: ID!, $template: PdfTemplate!) {\n    exportResumePdf(id: $id, template: $template) {\n      url\n    }\n  }\n": typeof types.ExportResumePdfDocument,
    "\n  query Resume($id: ID!) {\n    resume(id: $id) {\n      id\n      title\n      status\n      statusDetail\n      statusReason\n      version\n      basics {\n        name\n        label\n        email\n        phone\n        summary\n      }\n      work {\n        id\n        name\n        position\n        startDate\n        endDate\n        summary\n        highlights\n      }\n      education {\n        id\n        institution\n        area\n        studyType\n        startDate\n        endDate\n      }\n      skills {\n        id\n        name\n        keywords\n      }\n    }\n  }\n": typeof types.ResumeDocument,
    "\n  mutation UpdateResume($id: ID!, $input: UpdateResumeInput!) {\n    updateResume(id: $id, input: $input) {\n      id\n      version\n      basics {\n        name\n        label\n        email\n        phone\n        summary\n      }\n      work {\n        id\n        name\n        position\n        startDate\n        endDate\n        summary\n        highlights\n      }\n    }\n  }\n": typeof types.UpdateResumeDocument,
    "\n  query MyResumes {\n    myResumes(first: 50) {\n      nodes {\n        id\n        title\n        status\n        isDefault\n        updatedAt\n      }\n    }\n  }\n": typeof types.MyResumesDocument,
    "\n  mutation ImportJsonResume($document: JSON!, $title: String) {\n    importJsonResume(document: $document, title: $title) {\n      id\n      status\n    }\n  }\n": typeof types.ImportJsonResumeDocument,
    "\n  query SharedResume($token: String!) {\n    sharedResume(token: $token) {\n      id\n      basics {\n        name\n        label\n        summary\n      }\n      work {\n        id\n        name\n        position\n        startDate\n        endDate\n        summary\n      }\n      skills {\n        id\n        name\n      }\n    }\n  }\n": typeof types.SharedResumeDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n      user {\n        id\n        email\n        fullName\n        role\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n      user {\n        id\n        email\n        fullName\n        role\n      }\n    }\n  }\n": typeof types.RegisterDocument,
};
const documents: Documents = {
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  mutation Refresh($token: String!) {\n    refreshToken(token: $token) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n      user {\n        id\n        email\n        fullName\n        role\n      }\n    }\n  }\n": types.RefreshDocument,
    "\n  query AssistantResumes {\n    myResumes(first: 50) {\n      nodes {\n        id\n        title\n        status\n      }\n    }\n  }\n": types.AssistantResumesDocument,
    "\n  mutation StartConversation($title: String) {\n    startConversation(title: $title) {\n      id\n    }\n  }\n": types.StartConversationDocument,
    "\n  mutation AskAssistant($conversationId: ID, $message: String!, $context: AssistantContext) {\n    askAssistant(conversationId: $conversationId, message: $message, context: $context) {\n      conversationId\n      replyId\n      answer\n      citations {\n        chunkId\n        resumeId\n        text\n      }\n    }\n  }\n": types.AskAssistantDocument,
    "\n  subscription AssistantReply($conversationId: ID!, $after: String) {\n    assistantReply(conversationId: $conversationId, after: $after) {\n      cursor\n      replyId\n      sequence\n      token\n      done\n    }\n  }\n": types.AssistantReplyDocument,
    "\n  query ToolResumes {\n    myResumes(first: 50) {\n      nodes {\n        id\n        title\n        status\n      }\n    }\n  }\n": types.ToolResumesDocument,
    "\n  mutation AnalyzeResume($resumeId: ID!, $jobId: ID!) {\n    analyzeResume(resumeId: $resumeId, target: { jobId: $jobId }) {\n      id\n      status\n    }\n  }\n": types.AnalyzeResumeDocument,
    "\n  subscription AnalysisCompleted($analysisId: ID!, $after: String) {\n    analysisCompleted(analysisId: $analysisId, after: $after) {\n      cursor\n      status\n      score\n      verdict\n      failureReason\n      analysis {\n        id\n        recommendation\n        matches {\n          requirement\n          key\n          status\n          evidence {\n            text\n          }\n        }\n      }\n    }\n  }\n": types.AnalysisCompletedDocument,
    "\n  mutation GenerateCoverLetter($resumeId: ID!, $jobId: ID!, $tone: CoverLetterTone!) {\n    generateCoverLetter(resumeId: $resumeId, target: { jobId: $jobId }, tone: $tone) {\n      text\n      claimsRemoved\n    }\n  }\n": types.GenerateCoverLetterDocument,
    "\n  mutation TailorResume($resumeId: ID!, $jobId: ID!) {\n    tailorResume(resumeId: $resumeId, target: { jobId: $jobId }) {\n      id\n    }\n  }\n": types.TailorResumeDocument,
    "\n  query Job($id: ID!) {\n    job(id: $id) {\n      id\n      title\n      company\n      description\n      remote\n      seniority\n      employmentType\n      sourceUrl\n      postedAt\n      isActive\n      location {\n        city\n        region\n        countryCode\n      }\n      salary {\n        text\n        min\n        max\n        currency\n      }\n      requirements {\n        years\n        requiredSkills\n        preferredSkills\n        qualifications\n      }\n    }\n  }\n": types.JobDocument,
    "\n  query SearchJobs($query: String, $filter: JobSearchFilter, $after: String) {\n    searchJobs(query: $query, filter: $filter, first: 20, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        title\n        company\n        remote\n        seniority\n        location {\n          city\n          countryCode\n        }\n        salary {\n          text\n          min\n          max\n          currency\n        }\n      }\n    }\n  }\n": types.SearchJobsDocument,
    "\n  fragment MatchCard on Match {\n    id\n    score\n    verdict\n    computedAt\n    matchedSkills\n    missingSkills\n    recommendation\n    evidence {\n      skill\n      quote\n      text\n    }\n    job {\n      id\n      title\n      company\n    }\n  }\n": types.MatchCardFragmentDoc,
    "\n  query Matches($resumeId: ID!) {\n    resume(id: $resumeId) {\n      id\n      title\n      status\n    }\n    matchesForResume(resumeId: $resumeId, first: 50) {\n      totalCount\n      nodes {\n        ...MatchCard\n      }\n    }\n  }\n": types.MatchesDocument,
    "\n  subscription MatchFound($resumeId: ID!, $after: String) {\n    matchFound(resumeId: $resumeId, after: $after) {\n      cursor\n      matchId\n      match {\n        ...MatchCard\n      }\n    }\n  }\n": types.MatchFoundDocument,
    "\n  query Preferences {\n    myPreferences {\n      jobSearch {\n        matchThreshold\n        remotePolicy\n        minimumSalary\n        salaryCurrency\n        openToRecruiters\n      }\n    }\n  }\n": types.PreferencesDocument,
    "\n  mutation UpdatePreferences($input: UpdatePreferencesInput!) {\n    updatePreferences(input: $input) {\n      jobSearch {\n        matchThreshold\n        remotePolicy\n        minimumSalary\n        salaryCurrency\n        openToRecruiters\n      }\n    }\n  }\n": types.UpdatePreferencesDocument,
    "\n  mutation PostJob($input: PostJobInput!) {\n    postJob(input: $input) {\n      id\n    }\n  }\n": types.PostJobDocument,
    "\n  query PostedJob($jobId: ID!) {\n    job(id: $jobId) {\n      id\n      title\n      company\n    }\n  }\n": types.PostedJobDocument,
    "\n  query Candidates($jobId: ID!) {\n    candidatesForJob(jobId: $jobId, first: 50) {\n      totalCount\n      nodes {\n        id\n        score\n        verdict\n        matchedSkills\n        missingSkills\n      }\n    }\n  }\n": types.CandidatesDocument,
    "\n  subscription JobCandidates($jobId: ID!, $after: String) {\n    jobCandidates(jobId: $jobId, after: $after) {\n      cursor\n      matchId\n      resumeId\n      score\n      previousScore\n    }\n  }\n": types.JobCandidatesDocument,
    "\n  query ShareLinks($resumeId: ID!) {\n    shareLinks(resumeId: $resumeId) {\n      id\n      expiresAt\n      revokedAt\n      viewCount\n      createdAt\n    }\n  }\n": types.ShareLinksDocument,
    "\n  mutation CreateShareLink($resumeId: ID!, $duration: ShareLinkDuration!) {\n    createShareLink(resumeId: $resumeId, duration: $duration) {\n      id\n      token\n    }\n  }\n": types.CreateShareLinkDocument,
    "\n  mutation RevokeShareLink($id: ID!) {\n    revokeShareLink(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": types.RevokeShareLinkDocument,
    "\n  query Snapshots($resumeId: ID!) {\n    snapshots(resumeId: $resumeId) {\n      id\n      name\n      version\n      createdAt\n    }\n  }\n": types.SnapshotsDocument,
    "\n  mutation CreateSnapshot($resumeId: ID!, $name: String!) {\n    createSnapshot(resumeId: $resumeId, name: $name) {\n      id\n    }\n  }\n": types.CreateSnapshotDocument,
    "\n  query ResumeDiff($resumeId: ID!, $from: Int!, $to: Int!) {\n    resumeDiff(resumeId: $resumeId, from: $from, to: $to) {\n      changes {\n        kind\n        path\n        fields\n      }\n    }\n  }\n": types.ResumeDiffDocument,
    "\n  mutation ExportResumePdf($id: ID!, $template: PdfTemplate!) {\n    exportResumePdf(id: $id, template: $template) {\n      url\n    }\n  }\n": types.ExportResumePdfDocument,
    "\n  query Resume($id: ID!) {\n    resume(id: $id) {\n      id\n      title\n      status\n      statusDetail\n      statusReason\n      version\n      basics {\n        name\n        label\n        email\n        phone\n        summary\n      }\n      work {\n        id\n        name\n        position\n        startDate\n        endDate\n        summary\n        highlights\n      }\n      education {\n        id\n        institution\n        area\n        studyType\n        startDate\n        endDate\n      }\n      skills {\n        id\n        name\n        keywords\n      }\n    }\n  }\n": types.ResumeDocument,
    "\n  mutation UpdateResume($id: ID!, $input: UpdateResumeInput!) {\n    updateResume(id: $id, input: $input) {\n      id\n      version\n      basics {\n        name\n        label\n        email\n        phone\n        summary\n      }\n      work {\n        id\n        name\n        position\n        startDate\n        endDate\n        summary\n        highlights\n      }\n    }\n  }\n": types.UpdateResumeDocument,
    "\n  query MyResumes {\n    myResumes(first: 50) {\n      nodes {\n        id\n        title\n        status\n        isDefault\n        updatedAt\n      }\n    }\n  }\n": types.MyResumesDocument,
    "\n  mutation ImportJsonResume($document: JSON!, $title: String) {\n    importJsonResume(document: $document, title: $title) {\n      id\n      status\n    }\n  }\n": types.ImportJsonResumeDocument,
    "\n  query SharedResume($token: String!) {\n    sharedResume(token: $token) {\n      id\n      basics {\n        name\n        label\n        summary\n      }\n      work {\n        id\n        name\n        position\n        startDate\n        endDate\n        summary\n      }\n      skills {\n        id\n        name\n      }\n    }\n  }\n": types.SharedResumeDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n      user {\n        id\n        email\n        fullName\n        role\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n      user {\n        id\n        email\n        fullName\n        role\n      }\n    }\n  }\n": types.RegisterDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Refresh($token: String!) {\n    refreshToken(token: $token) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n      user {\n        id\n        email\n        fullName\n        role\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Refresh($token: String!) {\n    refreshToken(token: $token) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n      user {\n        id\n        email\n        fullName\n        role\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AssistantResumes {\n    myResumes(first: 50) {\n      nodes {\n        id\n        title\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  query AssistantResumes {\n    myResumes(first: 50) {\n      nodes {\n        id\n        title\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartConversation($title: String) {\n    startConversation(title: $title) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation StartConversation($title: String) {\n    startConversation(title: $title) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AskAssistant($conversationId: ID, $message: String!, $context: AssistantContext) {\n    askAssistant(conversationId: $conversationId, message: $message, context: $context) {\n      conversationId\n      replyId\n      answer\n      citations {\n        chunkId\n        resumeId\n        text\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AskAssistant($conversationId: ID, $message: String!, $context: AssistantContext) {\n    askAssistant(conversationId: $conversationId, message: $message, context: $context) {\n      conversationId\n      replyId\n      answer\n      citations {\n        chunkId\n        resumeId\n        text\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AssistantReply($conversationId: ID!, $after: String) {\n    assistantReply(conversationId: $conversationId, after: $after) {\n      cursor\n      replyId\n      sequence\n      token\n      done\n    }\n  }\n"): (typeof documents)["\n  subscription AssistantReply($conversationId: ID!, $after: String) {\n    assistantReply(conversationId: $conversationId, after: $after) {\n      cursor\n      replyId\n      sequence\n      token\n      done\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ToolResumes {\n    myResumes(first: 50) {\n      nodes {\n        id\n        title\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  query ToolResumes {\n    myResumes(first: 50) {\n      nodes {\n        id\n        title\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AnalyzeResume($resumeId: ID!, $jobId: ID!) {\n    analyzeResume(resumeId: $resumeId, target: { jobId: $jobId }) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation AnalyzeResume($resumeId: ID!, $jobId: ID!) {\n    analyzeResume(resumeId: $resumeId, target: { jobId: $jobId }) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AnalysisCompleted($analysisId: ID!, $after: String) {\n    analysisCompleted(analysisId: $analysisId, after: $after) {\n      cursor\n      status\n      score\n      verdict\n      failureReason\n      analysis {\n        id\n        recommendation\n        matches {\n          requirement\n          key\n          status\n          evidence {\n            text\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription AnalysisCompleted($analysisId: ID!, $after: String) {\n    analysisCompleted(analysisId: $analysisId, after: $after) {\n      cursor\n      status\n      score\n      verdict\n      failureReason\n      analysis {\n        id\n        recommendation\n        matches {\n          requirement\n          key\n          status\n          evidence {\n            text\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation GenerateCoverLetter($resumeId: ID!, $jobId: ID!, $tone: CoverLetterTone!) {\n    generateCoverLetter(resumeId: $resumeId, target: { jobId: $jobId }, tone: $tone) {\n      text\n      claimsRemoved\n    }\n  }\n"): (typeof documents)["\n  mutation GenerateCoverLetter($resumeId: ID!, $jobId: ID!, $tone: CoverLetterTone!) {\n    generateCoverLetter(resumeId: $resumeId, target: { jobId: $jobId }, tone: $tone) {\n      text\n      claimsRemoved\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TailorResume($resumeId: ID!, $jobId: ID!) {\n    tailorResume(resumeId: $resumeId, target: { jobId: $jobId }) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation TailorResume($resumeId: ID!, $jobId: ID!) {\n    tailorResume(resumeId: $resumeId, target: { jobId: $jobId }) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Job($id: ID!) {\n    job(id: $id) {\n      id\n      title\n      company\n      description\n      remote\n      seniority\n      employmentType\n      sourceUrl\n      postedAt\n      isActive\n      location {\n        city\n        region\n        countryCode\n      }\n      salary {\n        text\n        min\n        max\n        currency\n      }\n      requirements {\n        years\n        requiredSkills\n        preferredSkills\n        qualifications\n      }\n    }\n  }\n"): (typeof documents)["\n  query Job($id: ID!) {\n    job(id: $id) {\n      id\n      title\n      company\n      description\n      remote\n      seniority\n      employmentType\n      sourceUrl\n      postedAt\n      isActive\n      location {\n        city\n        region\n        countryCode\n      }\n      salary {\n        text\n        min\n        max\n        currency\n      }\n      requirements {\n        years\n        requiredSkills\n        preferredSkills\n        qualifications\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchJobs($query: String, $filter: JobSearchFilter, $after: String) {\n    searchJobs(query: $query, filter: $filter, first: 20, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        title\n        company\n        remote\n        seniority\n        location {\n          city\n          countryCode\n        }\n        salary {\n          text\n          min\n          max\n          currency\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SearchJobs($query: String, $filter: JobSearchFilter, $after: String) {\n    searchJobs(query: $query, filter: $filter, first: 20, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        title\n        company\n        remote\n        seniority\n        location {\n          city\n          countryCode\n        }\n        salary {\n          text\n          min\n          max\n          currency\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MatchCard on Match {\n    id\n    score\n    verdict\n    computedAt\n    matchedSkills\n    missingSkills\n    recommendation\n    evidence {\n      skill\n      quote\n      text\n    }\n    job {\n      id\n      title\n      company\n    }\n  }\n"): (typeof documents)["\n  fragment MatchCard on Match {\n    id\n    score\n    verdict\n    computedAt\n    matchedSkills\n    missingSkills\n    recommendation\n    evidence {\n      skill\n      quote\n      text\n    }\n    job {\n      id\n      title\n      company\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Matches($resumeId: ID!) {\n    resume(id: $resumeId) {\n      id\n      title\n      status\n    }\n    matchesForResume(resumeId: $resumeId, first: 50) {\n      totalCount\n      nodes {\n        ...MatchCard\n      }\n    }\n  }\n"): (typeof documents)["\n  query Matches($resumeId: ID!) {\n    resume(id: $resumeId) {\n      id\n      title\n      status\n    }\n    matchesForResume(resumeId: $resumeId, first: 50) {\n      totalCount\n      nodes {\n        ...MatchCard\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MatchFound($resumeId: ID!, $after: String) {\n    matchFound(resumeId: $resumeId, after: $after) {\n      cursor\n      matchId\n      match {\n        ...MatchCard\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription MatchFound($resumeId: ID!, $after: String) {\n    matchFound(resumeId: $resumeId, after: $after) {\n      cursor\n      matchId\n      match {\n        ...MatchCard\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Preferences {\n    myPreferences {\n      jobSearch {\n        matchThreshold\n        remotePolicy\n        minimumSalary\n        salaryCurrency\n        openToRecruiters\n      }\n    }\n  }\n"): (typeof documents)["\n  query Preferences {\n    myPreferences {\n      jobSearch {\n        matchThreshold\n        remotePolicy\n        minimumSalary\n        salaryCurrency\n        openToRecruiters\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdatePreferences($input: UpdatePreferencesInput!) {\n    updatePreferences(input: $input) {\n      jobSearch {\n        matchThreshold\n        remotePolicy\n        minimumSalary\n        salaryCurrency\n        openToRecruiters\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdatePreferences($input: UpdatePreferencesInput!) {\n    updatePreferences(input: $input) {\n      jobSearch {\n        matchThreshold\n        remotePolicy\n        minimumSalary\n        salaryCurrency\n        openToRecruiters\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PostJob($input: PostJobInput!) {\n    postJob(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation PostJob($input: PostJobInput!) {\n    postJob(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PostedJob($jobId: ID!) {\n    job(id: $jobId) {\n      id\n      title\n      company\n    }\n  }\n"): (typeof documents)["\n  query PostedJob($jobId: ID!) {\n    job(id: $jobId) {\n      id\n      title\n      company\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Candidates($jobId: ID!) {\n    candidatesForJob(jobId: $jobId, first: 50) {\n      totalCount\n      nodes {\n        id\n        score\n        verdict\n        matchedSkills\n        missingSkills\n      }\n    }\n  }\n"): (typeof documents)["\n  query Candidates($jobId: ID!) {\n    candidatesForJob(jobId: $jobId, first: 50) {\n      totalCount\n      nodes {\n        id\n        score\n        verdict\n        matchedSkills\n        missingSkills\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobCandidates($jobId: ID!, $after: String) {\n    jobCandidates(jobId: $jobId, after: $after) {\n      cursor\n      matchId\n      resumeId\n      score\n      previousScore\n    }\n  }\n"): (typeof documents)["\n  subscription JobCandidates($jobId: ID!, $after: String) {\n    jobCandidates(jobId: $jobId, after: $after) {\n      cursor\n      matchId\n      resumeId\n      score\n      previousScore\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ShareLinks($resumeId: ID!) {\n    shareLinks(resumeId: $resumeId) {\n      id\n      expiresAt\n      revokedAt\n      viewCount\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  query ShareLinks($resumeId: ID!) {\n    shareLinks(resumeId: $resumeId) {\n      id\n      expiresAt\n      revokedAt\n      viewCount\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateShareLink($resumeId: ID!, $duration: ShareLinkDuration!) {\n    createShareLink(resumeId: $resumeId, duration: $duration) {\n      id\n      token\n    }\n  }\n"): (typeof documents)["\n  mutation CreateShareLink($resumeId: ID!, $duration: ShareLinkDuration!) {\n    createShareLink(resumeId: $resumeId, duration: $duration) {\n      id\n      token\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeShareLink($id: ID!) {\n    revokeShareLink(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeShareLink($id: ID!) {\n    revokeShareLink(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Snapshots($resumeId: ID!) {\n    snapshots(resumeId: $resumeId) {\n      id\n      name\n      version\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  query Snapshots($resumeId: ID!) {\n    snapshots(resumeId: $resumeId) {\n      id\n      name\n      version\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSnapshot($resumeId: ID!, $name: String!) {\n    createSnapshot(resumeId: $resumeId, name: $name) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreateSnapshot($resumeId: ID!, $name: String!) {\n    createSnapshot(resumeId: $resumeId, name: $name) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ResumeDiff($resumeId: ID!, $from: Int!, $to: Int!) {\n    resumeDiff(resumeId: $resumeId, from: $from, to: $to) {\n      changes {\n        kind\n        path\n        fields\n      }\n    }\n  }\n"): (typeof documents)["\n  query ResumeDiff($resumeId: ID!, $from: Int!, $to: Int!) {\n    resumeDiff(resumeId: $resumeId, from: $from, to: $to) {\n      changes {\n        kind\n        path\n        fields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExportResumePdf($id: ID!, $template: PdfTemplate!) {\n    exportResumePdf(id: $id, template: $template) {\n      url\n    }\n  }\n"): (typeof documents)["\n  mutation ExportResumePdf($id: ID!, $template: PdfTemplate!) {\n    exportResumePdf(id: $id, template: $template) {\n      url\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Resume($id: ID!) {\n    resume(id: $id) {\n      id\n      title\n      status\n      statusDetail\n      statusReason\n      version\n      basics {\n        name\n        label\n        email\n        phone\n        summary\n      }\n      work {\n        id\n        name\n        position\n        startDate\n        endDate\n        summary\n        highlights\n      }\n      education {\n        id\n        institution\n        area\n        studyType\n        startDate\n        endDate\n      }\n      skills {\n        id\n        name\n        keywords\n      }\n    }\n  }\n"): (typeof documents)["\n  query Resume($id: ID!) {\n    resume(id: $id) {\n      id\n      title\n      status\n      statusDetail\n      statusReason\n      version\n      basics {\n        name\n        label\n        email\n        phone\n        summary\n      }\n      work {\n        id\n        name\n        position\n        startDate\n        endDate\n        summary\n        highlights\n      }\n      education {\n        id\n        institution\n        area\n        studyType\n        startDate\n        endDate\n      }\n      skills {\n        id\n        name\n        keywords\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateResume($id: ID!, $input: UpdateResumeInput!) {\n    updateResume(id: $id, input: $input) {\n      id\n      version\n      basics {\n        name\n        label\n        email\n        phone\n        summary\n      }\n      work {\n        id\n        name\n        position\n        startDate\n        endDate\n        summary\n        highlights\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateResume($id: ID!, $input: UpdateResumeInput!) {\n    updateResume(id: $id, input: $input) {\n      id\n      version\n      basics {\n        name\n        label\n        email\n        phone\n        summary\n      }\n      work {\n        id\n        name\n        position\n        startDate\n        endDate\n        summary\n        highlights\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyResumes {\n    myResumes(first: 50) {\n      nodes {\n        id\n        title\n        status\n        isDefault\n        updatedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyResumes {\n    myResumes(first: 50) {\n      nodes {\n        id\n        title\n        status\n        isDefault\n        updatedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportJsonResume($document: JSON!, $title: String) {\n    importJsonResume(document: $document, title: $title) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ImportJsonResume($document: JSON!, $title: String) {\n    importJsonResume(document: $document, title: $title) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SharedResume($token: String!) {\n    sharedResume(token: $token) {\n      id\n      basics {\n        name\n        label\n        summary\n      }\n      work {\n        id\n        name\n        position\n        startDate\n        endDate\n        summary\n      }\n      skills {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query SharedResume($token: String!) {\n    sharedResume(token: $token) {\n      id\n      basics {\n        name\n        label\n        summary\n      }\n      work {\n        id\n        name\n        position\n        startDate\n        endDate\n        summary\n      }\n      skills {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n      user {\n        id\n        email\n        fullName\n        role\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n      user {\n        id\n        email\n        fullName\n        role\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n      user {\n        id\n        email\n        fullName\n        role\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accessToken\n      refreshToken\n      accessTokenExpiresAt\n      user {\n        id\n        email\n        fullName\n        role\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;