package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // America/New_York on machines without a zoneinfo database

	"github.com/google/go-cmp/cmp"

	"github.com/dailypapers/dailypapers/internal/paper"
)

func hfTestFile(day string) string {
	return "../../testdata/hf/daily_papers/daily_papers-" + day + ".json"
}

func hfTestParse(t testing.TB, data []byte, opts Options) (*jsonTestSink, error) {
	t.Helper()
	var c jsonTestSink
	err := Parse(context.Background(), FormatHF, bytes.NewReader(data), opts, c.handler())
	return &c, err
}

// TestHFFiles parses every schema generation with the counts of SOURCES.md.
func TestHFFiles(t *testing.T) {
	tests := []struct {
		day           string
		items         int
		withSubmitter int
	}{
		{"2024-05-29", 8, 0}, // before submittedBy
		{"2024-06-13", 21, 21},
		{"2024-10-25", 25, 25},
		{"2025-03-17", 12, 12},
		{"2025-06-25", 14, 14},
		{"2025-10-03", 39, 39},
		{"2026-05-13", 50, 50},
		{"2026-06-03", 23, 23},
		{"2026-08-21", 17, 17},
	}
	for _, tt := range tests {
		t.Run(tt.day, func(t *testing.T) {
			c, err := hfTestParse(t, jsonTestRead(t, hfTestFile(tt.day)), Options{File: tt.day})
			if err != nil {
				t.Fatal(err)
			}
			if len(c.records) != tt.items || len(c.rejects) != 0 {
				t.Fatalf("%d records, %d rejects (%v); want %d, 0", len(c.records), len(c.rejects), c.rejects, tt.items)
			}
			submitters := 0
			for i, r := range c.records {
				e := r.Entry
				if e == nil || e.PaperID != r.Paper.ID || r.Pos.Index != i+1 || r.Pos.File != tt.day {
					t.Fatalf("record %d: entry %+v, pos %v", i, e, r.Pos)
				}
				// Hugging Face counts days in UTC: every entry derives its file's day.
				if e.Day != tt.day || e.SubmittedAt.IsZero() || r.Paper.PublishedAt.IsZero() || len(r.Paper.Authors) == 0 {
					t.Errorf("%s: day %s, submitted %v, published %v, %d authors", r.Paper.ID, e.Day, e.SubmittedAt, r.Paper.PublishedAt, len(r.Paper.Authors))
				}
				if r.Submitter != nil {
					submitters++
					if e.Submitter != r.Submitter.Name || !strings.HasPrefix(r.Submitter.AvatarURL, "https://") {
						t.Errorf("%s: submitter %q, user %+v", r.Paper.ID, e.Submitter, r.Submitter)
					}
				}
			}
			if submitters != tt.withSubmitter {
				t.Errorf("%d records with a submitter, want %d", submitters, tt.withSubmitter)
			}
		})
	}
}

type hfGolden struct {
	file      string
	index     int
	paper     paper.Paper
	entry     *paper.Entry
	submitter *paper.User
}

// TestHFGolden checks one whole entry of each schema generation.
func TestHFGolden(t *testing.T) {
	for _, tt := range hfGoldens() {
		t.Run(fmt.Sprintf("%s#%d", tt.file, tt.index), func(t *testing.T) {
			c, err := hfTestParse(t, jsonTestRead(t, hfTestFile(tt.file)), Options{})
			if err != nil {
				t.Fatal(err)
			}
			r := c.records[tt.index-1]
			if r.Pos.Index != tt.index {
				t.Fatalf("record at index %d", r.Pos.Index)
			}
			if diff := cmp.Diff(tt.paper, r.Paper); diff != "" {
				t.Errorf("paper (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.entry, r.Entry); diff != "" {
				t.Errorf("entry (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.submitter, r.Submitter); diff != "" {
				t.Errorf("submitter (-want +got):\n%s", diff)
			}
		})
	}
}

func hfGoldens() []hfGolden {
	return []hfGolden{
		{
			file: "2024-05-29", index: 2, // oldest schema: singular mediaUrl, no submitter, no thumbnail
			paper: paper.Paper{
				ID:          "2405.18047",
				Title:       "2BP: 2-Stage Backpropagation",
				Abstract:    "As Deep Neural Networks (DNNs) grow in size and complexity, they often exceed the memory capacity of a single accelerator, necessitating the sharding of model parameters across multiple accelerators. Pipeline parallelism is a commonly used sharding strategy for training large DNNs. However, current implementations of pipeline parallelism are being unintentionally bottlenecked by the automatic differentiation tools provided by ML frameworks. This paper introduces 2-stage backpropagation (2BP). By splitting the backward propagation step into two separate stages, we can reduce idle compute time. We tested 2BP on various model architectures and pipelining schedules, achieving increases in throughput in all cases. Using 2BP, we were able to achieve a 1.70x increase in throughput compared to traditional methods when training a LLaMa-like transformer with 7 billion parameters across 4 GPUs.",
				Authors:     []paper.Author{{Name: "Christopher Rae"}, {Name: "Joseph K. L. Lee"}, {Name: "James Richings"}},
				PublishedAt: time.Date(2024, 5, 28, 11, 2, 1, 0, time.UTC),
			},
			entry: &paper.Entry{
				PaperID: "2405.18047", Day: "2024-05-29", SubmittedAt: time.Date(2024, 5, 29, 3, 3, 38, 875000000, time.UTC),
				Upvotes: 11, NumComments: 4,
				MediaURLs: []string{"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2405.18047.png"},
			},
		},
		{
			file: "2024-06-13", index: 19, // submittedBy without _id, relative avatar
			paper: paper.Paper{
				ID:          "2406.04320",
				Title:       "Chimera: Effectively Modeling Multivariate Time Series with 2-Dimensional State Space Models",
				Abstract:    "Modeling multivariate time series is a well-established problem with a wide range of applications from healthcare to financial markets. Traditional State Space Models (SSMs) are classical approaches for univariate time series modeling due to their simplicity and expressive power to represent linear dependencies. They, however, have fundamentally limited expressive power to capture non-linear dependencies, are slow in practice, and fail to model the inter-variate information flow. Despite recent attempts to improve the expressive power of SSMs by using deep structured SSMs, the existing methods are either limited to univariate time series, fail to model complex patterns (e.g., seasonal patterns), fail to dynamically model the dependencies of variate and time dimensions, and/or are input-independent. We present Chimera that uses two input-dependent 2-D SSM heads with different discretization processes to learn long-term progression and seasonal patterns. To improve the efficiency of complex 2D recurrence, we present a fast training using a new 2-dimensional parallel selective scan. We further present and discuss 2-dimensional Mamba and Mamba-2 as the spacial cases of our 2D SSM. Our experimental evaluation shows the superior performance of Chimera on extensive and diverse benchmarks, including ECG and speech time series classification, long-term and short-term time series forecasting, and time series anomaly detection.",
				Authors:     []paper.Author{{Name: "Ali Behrouz"}, {Name: "Michele Santacatterina"}, {Name: "Ramin Zabih"}},
				PublishedAt: time.Date(2024, 6, 6, 17, 58, 9, 0, time.UTC),
			},
			entry: &paper.Entry{
				PaperID: "2406.04320", Day: "2024-06-13", SubmittedAt: time.Date(2024, 6, 13, 2, 43, 25, 183000000, time.UTC),
				Submitter: "AliBehrouz",
				Upvotes:   3, NumComments: 1,
				Thumbnail: "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2406.04320.png",
			},
			submitter: &paper.User{
				Name: "AliBehrouz", FullName: "Ali Behrouz", Type: "user", HFID: "",
				AvatarURL: "https://huggingface.co/avatars/5255b734628992106598eae4f2c5848f.svg",
			},
		},
		{
			file: "2024-10-25", index: 24, // discussionId era; a hidden author is kept
			paper: paper.Paper{
				ID:          "2410.17897",
				Title:       "Value Residual Learning For Alleviating Attention Concentration In Transformers",
				Abstract:    "Transformers can capture long-range dependencies using self-attention, allowing tokens to attend to all others directly. However, stacking multiple attention layers leads to attention concentration. One natural way to address this issue is to use cross-layer attention, allowing information from earlier layers to be directly accessible to later layers. However, this approach is computationally expensive. To address this problem, we propose Transformer with residual value (ResFormer) which approximates cross-layer attention through adding a residual connection from the values of the the first layer to all subsequent layers. Based on this method, one variant is the Transformer with single layer value (SVFormer), where all layers share the same value embedding from first layer, reducing the KV cache by nearly 50%. Comprehensive empirical evidence demonstrates that ResFormer mitigates attention concentration problem in deeper layers and enhances representation across most layers, outperforming the vanilla Transformer, DenseFormer, and NeuTRENO in training error as well as downstream tasks. SVFormer trains significantly faster than the vanilla Transformer and performs better than other methods like GQA and CLA, with performance influenced by sequence length and cumulative learning rate.",
				Authors:     []paper.Author{{Name: "Zhanchao Zhou"}, {Name: "Tianyi Wu"}, {Name: "Zhiyun Jiang"}, {Name: "Zhenzhong Lan"}},
				PublishedAt: time.Date(2024, 10, 23, 14, 15, 7, 0, time.UTC),
			},
			entry: &paper.Entry{
				PaperID: "2410.17897", Day: "2024-10-25", SubmittedAt: time.Date(2024, 10, 25, 8, 4, 10, 659000000, time.UTC),
				Submitter: "Zcchill",
				Upvotes:   1, NumComments: 1,
				Thumbnail: "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2410.17897.png",
			},
			submitter: &paper.User{
				Name: "Zcchill", FullName: "Zhanchao Zhou", Type: "user", HFID: "",
				AvatarURL: "https://huggingface.co/avatars/902c1006280c6552885b0b946cd2bb16.svg",
			},
		},
		{
			file: "2025-03-17", index: 8, // githubRepo, projectPage, ai_keywords, submittedOnDailyAt
			paper: paper.Paper{
				ID:          "2503.10772",
				Title:       "FlowTok: Flowing Seamlessly Across Text and Image Tokens",
				Abstract:    "Bridging different modalities lies at the heart of cross-modality generation. While conventional approaches treat the text modality as a conditioning signal that gradually guides the denoising process from Gaussian noise to the target image modality, we explore a much simpler paradigm-directly evolving between text and image modalities through flow matching. This requires projecting both modalities into a shared latent space, which poses a significant challenge due to their inherently different representations: text is highly semantic and encoded as 1D tokens, whereas images are spatially redundant and represented as 2D latent embeddings. To address this, we introduce FlowTok, a minimal framework that seamlessly flows across text and images by encoding images into a compact 1D token representation. Compared to prior methods, this design reduces the latent space size by 3.3x at an image resolution of 256, eliminating the need for complex conditioning mechanisms or noise scheduling. Moreover, FlowTok naturally extends to image-to-text generation under the same formulation. With its streamlined architecture centered around compact 1D tokens, FlowTok is highly memory-efficient, requires significantly fewer training resources, and achieves much faster sampling speeds-all while delivering performance comparable to state-of-the-art models. Code will be available at https://github.com/bytedance/1d-tokenizer.",
				Authors:     []paper.Author{{Name: "Ju He"}, {Name: "Qihang Yu"}, {Name: "Qihao Liu"}, {Name: "Liang-Chieh Chen"}},
				PublishedAt: time.Date(2025, 3, 13, 18, 6, 13, 0, time.UTC),
				GitHubRepo:  "https://github.com/bytedance/1d-tokenizer/",
				ProjectPage: "https://tacju.github.io/projects/flowtok.html",
				AIKeywords:  []string{"cross-modality generation", "flow matching", "latent space", "denoising process", "Gaussian noise", "semantic", "1D tokens", "2D latent embeddings", "FlowTok", "compact 1D token representation", "image-to-text generation", "memory-efficient", "sampling speeds", "state-of-the-art models"},
			},
			entry: &paper.Entry{
				PaperID: "2503.10772", Day: "2025-03-17", SubmittedAt: time.Date(2025, 3, 17, 1, 16, 42, 853000000, time.UTC),
				Submitter: "turkeyju",
				Upvotes:   6, NumComments: 1,
				Thumbnail: "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2503.10772.png",
			},
			submitter: &paper.User{
				Name: "turkeyju", FullName: "Ju He", Type: "user", HFID: "661c9059bcd78151e5c06ea1",
				AvatarURL: "https://cdn-avatars.huggingface.co/v1/production/uploads/661c9059bcd78151e5c06ea1/27bfNo1LZeZQ77vWuAa10.png",
			},
		},
		{
			file: "2025-06-25", index: 8, // githubStars, ai_summary, paper.mediaUrls
			paper: paper.Paper{
				ID:          "2506.18843",
				Title:       "USAD: Universal Speech and Audio Representation via Distillation",
				Abstract:    "Self-supervised learning (SSL) has revolutionized audio representations, yet models often remain domain-specific, focusing on either speech or non-speech tasks. In this work, we present Universal Speech and Audio Distillation (USAD), a unified approach to audio representation learning that integrates diverse audio types - speech, sound, and music - into a single model. USAD employs efficient layer-to-layer distillation from domain-specific SSL models to train a student on a comprehensive audio dataset. USAD offers competitive performance across various benchmarks and datasets, including frame and instance-level speech processing tasks, audio tagging, and sound classification, achieving near state-of-the-art results with a single encoder on SUPERB and HEAR benchmarks.",
				Authors:     []paper.Author{{Name: "Heng-Jui Chang"}, {Name: "Saurabhchand Bhati"}, {Name: "James Glass"}, {Name: "Alexander H. Liu"}},
				PublishedAt: time.Date(2025, 6, 23, 17, 2, 0, 0, time.UTC),
				AISummary:   "USAD integrates diverse audio types using efficient layer-to-layer distillation from domain-specific models, achieving competitive performance across various benchmarks with a single encoder.",
				AIKeywords:  []string{"self-supervised learning", "universal speech and audio distillation", "domain-specific models", "layer-to-layer distillation", "frame and instance-level speech processing", "audio tagging", "sound classification", "encoder", "SUPERB benchmarks", "HEAR benchmarks"},
			},
			entry: &paper.Entry{
				PaperID: "2506.18843", Day: "2025-06-25", SubmittedAt: time.Date(2025, 6, 25, 2, 21, 9, 630000000, time.UTC),
				Submitter: "vectominist",
				Upvotes:   5, NumComments: 1,
				Thumbnail: "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2506.18843.png",
				MediaURLs: []string{"https://cdn-uploads.huggingface.co/production/uploads/6179f36a2a4e9edab3a95798/QPPxw2hyPglQF_q3uWSyk.png"},
			},
			submitter: &paper.User{
				Name: "vectominist", FullName: "Heng-Jui Chang", Type: "user", HFID: "6179f36a2a4e9edab3a95798",
				AvatarURL: "https://cdn-avatars.huggingface.co/v1/production/uploads/6179f36a2a4e9edab3a95798/0mmFY5lFzPC5k6_GSdmYQ.jpeg",
			},
		},
		{
			file: "2025-10-03", index: 3, // organization (not kept)
			paper: paper.Paper{
				ID:          "2510.02297",
				Title:       "Interactive Training: Feedback-Driven Neural Network Optimization",
				Abstract:    "Traditional neural network training typically follows fixed, predefined optimization recipes, lacking the flexibility to dynamically respond to instabilities or emerging training issues. In this paper, we introduce Interactive Training, an open-source framework that enables real-time, feedback-driven intervention during neural network training by human experts or automated AI agents. At its core, Interactive Training uses a control server to mediate communication between users or agents and the ongoing training process, allowing users to dynamically adjust optimizer hyperparameters, training data, and model checkpoints. Through three case studies, we demonstrate that Interactive Training achieves superior training stability, reduced sensitivity to initial hyperparameters, and improved adaptability to evolving user needs, paving the way toward a future training paradigm where AI agents autonomously monitor training logs, proactively resolve instabilities, and optimize training dynamics.",
				Authors:     []paper.Author{{Name: "Wentao Zhang"}, {Name: "Yang Young Lu"}, {Name: "Yuntian Deng"}},
				PublishedAt: time.Date(2025, 10, 2, 17, 59, 0, 0, time.UTC),
				GitHubRepo:  "https://github.com/yuntian-group/interactive-training",
				GitHubStars: 5,
				ProjectPage: "https://interactivetraining.ai/",
				AISummary:   "Interactive Training is a framework that allows real-time, feedback-driven intervention during neural network training, improving stability and adaptability.",
				AIKeywords:  []string{"Interactive Training", "control server", "optimizer hyperparameters", "training data", "model checkpoints", "training stability", "sensitivity to initial hyperparameters", "adaptability", "AI agents", "training logs", "training dynamics"},
			},
			entry: &paper.Entry{
				PaperID: "2510.02297", Day: "2025-10-03", SubmittedAt: time.Date(2025, 10, 3, 0, 14, 16, 738000000, time.UTC),
				Submitter: "yuntian-deng",
				Upvotes:   20, NumComments: 2,
				Thumbnail: "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2510.02297.png",
				MediaURLs: []string{"https://cdn-uploads.huggingface.co/production/uploads/63081e15a670ed10f9d44229/eATqBkbxrVSqsBzcMJ__-.png"},
			},
			submitter: &paper.User{
				Name: "yuntian-deng", FullName: "Yuntian Deng", Type: "user", HFID: "63081e15a670ed10f9d44229",
				AvatarURL: "https://cdn-avatars.huggingface.co/v1/production/uploads/63081e15a670ed10f9d44229/w1b9uq-9774bMMgJbSPsS.jpeg",
			},
		},
		{
			file: "2026-05-13", index: 31, // githubRepoAddedBy, three media
			paper: paper.Paper{
				ID:          "2605.12460",
				Title:       "Multi-Stream LLMs: Unblocking Language Models with Parallel Streams of Thoughts, Inputs and Outputs",
				Abstract:    "The continued improvements in language model capability have unlocked their widespread use as drivers of autonomous agents, for example in coding or computer use applications. However, the core of these systems has not changed much since early instruction-tuned models like ChatGPT. Even advanced AI agents function on message exchange formats, successively exchanging messages with users, systems, with itself (i.e. chain-of-thought) and tools in a single stream of computation. This bottleneck to a single stream in chat models leads to a number of limitations: the agent cannot act (generate output) while reading, and in reverse, cannot react to new information while writing. Similarly, the agent cannot act while thinking and cannot think while reading or acting on information. In this work, we show that models can be unblocked by switching from instruction-tuning for sequential message formats to instruction-tuning for multiple, parallel streams of computation, splitting each role into a separate stream. Every forward pass of the language model then simultaneously reads from multiple input streams and generates tokens in multiple output streams, all of which causally depend on earlier timesteps. We argue that this data-driven change remedies a number of usability limitations as outlined above, improves model efficiency through parallelization, improves model security through better separation of concerns and can further improve model monitorability.",
				Authors:     []paper.Author{{Name: "Guinan Su"}, {Name: "Yanwu Yang"}, {Name: "Xueyan Li"}, {Name: "Jonas Geiping"}},
				PublishedAt: time.Date(2026, 5, 12, 0, 0, 0, 0, time.UTC),
				GitHubRepo:  "https://github.com/seal-rg/streaming",
				ProjectPage: "https://huggingface.co/JonasGeiping/stream-qwen3.5-27b",
				AISummary:   "Language models can be enhanced by transitioning from sequential message-based instruction-tuning to parallel stream processing, enabling simultaneous reading and generation across multiple concurrent data flows.",
				AIKeywords:  []string{"instruction-tuning", "sequential message formats", "parallel streams of computation", "forward pass", "causal dependencies", "model efficiency", "separation of concerns", "monitorability"},
			},
			entry: &paper.Entry{
				PaperID: "2605.12460", Day: "2026-05-13", SubmittedAt: time.Date(2026, 5, 13, 8, 15, 7, 122000000, time.UTC),
				Submitter: "JonasGeiping",
				Upvotes:   2, NumComments: 1,
				Thumbnail: "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2605.12460.png",
				MediaURLs: []string{"https://cdn-uploads.huggingface.co/production/uploads/63d86dbf3130cadcaf8bdd11/q1A_WmtL_K31UeSWmLjho.gif", "https://cdn-uploads.huggingface.co/production/uploads/63d86dbf3130cadcaf8bdd11/SDvSRy9TsLWptHwoy2VOr.gif", "https://cdn-uploads.huggingface.co/production/uploads/63d86dbf3130cadcaf8bdd11/WU6PBDRpfnaYe_oMh1U2L.gif"},
			},
			submitter: &paper.User{
				Name: "JonasGeiping", FullName: "Jonas Geiping", Type: "user", HFID: "63d86dbf3130cadcaf8bdd11",
				AvatarURL: "https://huggingface.co/avatars/29d79a0c6dcec01111ef192fecd0fa7a.svg",
			},
		},
		{
			file: "2026-06-03", index: 23, // ai_summary_model; a paper from the previous month
			paper: paper.Paper{
				ID:          "2605.27958",
				Title:       "Pressure-Testing Deception Probes in LLMs: Scaling, Robustness, and the Geometry of Deceptive Representations",
				Abstract:    "Linear probes trained on LLM activations are increasingly proposed as deception-detection metrics, yet report AUROC exceeding 0.96 on clean benchmarks while collapsing under distributional shift. This paper systematically pressure-tests probe-based metrics across the Gemma 3 model family (1B-27B parameters), diagnosing why they fail rather than merely documenting that they fail. We test four hypotheses about deception encoding: (1) single linear direction, (2) multi-dimensional subspace, (3) convex conic hull, (4) entropy proxy. Our design includes cross-domain transfer matrices, multi-dimensional probe analysis with permutation null baselines, entropy-residualization tests, and distractor evaluations across 8 stylistic shifts. We find that: (a) probes achieve near-perfect AUROC (>=0.998) on clean data but collapse under stylistic shifts; style-augmented probes recover near-perfect detection (mean AUROC 0.979-0.983) on unseen styles; (b) the single-direction hypothesis is rejected (k=1 captures only 0.61-0.80 AUROC), with cross-domain transfer failure confirmed as geometric rather than layer-mismatch-driven; (c) the entropy-proxy hypothesis is rejected (max |rho|=0.454, max Delta-AUROC after residualization=0.004); and (d) deception does not form a significant linear subspace (per-domain k*=0), yet multi-dimensional probes (k>=5) recover the signal through distributed sub-threshold features. Probe fragility reflects distributional narrowness rather than an architectural limitation: style-augmented probes recover near-perfect detection at both 4B and 27B, establishing that the inverse scaling pattern is a training-distribution artifact rather than a genuine scale-dependent phenomenon.",
				Authors:     []paper.Author{{Name: "Sachin Kumar"}},
				PublishedAt: time.Date(2026, 5, 27, 4, 51, 55, 0, time.UTC),
				GitHubRepo:  "https://github.com/techsachinkr/llm-deception-probe-stress-test",
				AISummary:   "Linear probes for deception detection in large language models fail under distributional shifts despite high performance on clean data, revealing that deception is encoded through distributed sub-threshold features rather than simple linear directions.",
				AIKeywords:  []string{"linear probes", "LLM activations", "deception-detection metrics", "AUROC", "distributional shift", "Gemma 3 model family", "cross-domain transfer", "multi-dimensional probe analysis", "permutation null baselines", "entropy-residualization", "stylistic shifts", "geometric encoding", "layer-mismatch", "entropy proxy", "convex conic hull"},
			},
			entry: &paper.Entry{
				PaperID: "2605.27958", Day: "2026-06-03", SubmittedAt: time.Date(2026, 6, 3, 0, 0, 0, 0, time.UTC),
				Submitter: "techsachin",
				Upvotes:   0, NumComments: 2,
				Thumbnail: "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2605.27958.png",
				MediaURLs: []string{"https://cdn-uploads.huggingface.co/production/uploads/6659154dd6898d357e086a21/5vdFbbqfM41fsT-Mf7mvu.png"},
			},
			submitter: &paper.User{
				Name: "techsachin", FullName: "Sachin Kumar", Type: "user", HFID: "6659154dd6898d357e086a21",
				AvatarURL: "https://huggingface.co/avatars/e01a7245305f939cc68dfd389211df53.svg",
			},
		},
		{
			file: "2026-08-21", index: 14, // latest day
			paper: paper.Paper{
				ID:          "2608.19861",
				Title:       "PolicyGuide: From Guarding One Action to Guiding the Whole Workflow for Policy-Compliant LLM Agents",
				Abstract:    "Customer-service LLM agents must follow organizational policy when acting on a user's behalf. Compliance failures arise from either forbidden actions, such as granting an ineligible change, or omitted procedural requirements, such as identification or confirmation. Runtime safeguards can intervene on risky actions, but action-local checks do not guide an agent through a multi-step procedure. Workflow-following systems support prescribed process execution, but primarily target workflow completion rather than safeguarding agent behavior. PolicyGuide instead compiles each domain policy into a workflow graph and invokes a proactive verifier at user-turn boundaries. From persisted graph state, the verifier reconciles open requests and returns step-specific remediation along a policy-compliant path. Across the τ^2-bench airline, retail, and telecom domains with a GPT-5.4 agent and verifier, PolicyGuide raises mean Pass^4 from 0.42 to 0.62, with the largest gain on telecom (0.19 to 0.61), the most workflow-structured domain. The same workflows transfer to Claude Sonnet 4.6 and Gemini 2.5 Pro agents. Complementary evaluations find the lowest observed attack-success rate under adversarial users and the strongest procedural compliance in an author-designed workflow-level validation.",
				Authors:     []paper.Author{{Name: "Seongjae Kang"}, {Name: "Taehyung Yu"}, {Name: "Sung Ju Hwang"}},
				PublishedAt: time.Date(2026, 8, 20, 0, 0, 0, 0, time.UTC),
				GitHubRepo:  "https://github.com/erjui/PolicyGuide",
				ProjectPage: "https://huggingface.co/papers/2608.19861",
			},
			entry: &paper.Entry{
				PaperID: "2608.19861", Day: "2026-08-21", SubmittedAt: time.Date(2026, 8, 21, 0, 0, 0, 0, time.UTC),
				Submitter: "erjui",
				Upvotes:   2, NumComments: 1,
				Thumbnail: "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2608.19861.png",
			},
			submitter: &paper.User{
				Name: "erjui", FullName: "Seongjae Kang", Type: "user", HFID: "6357a08f8ed056fa1ccd3b38",
				AvatarURL: "https://huggingface.co/avatars/07d4ca8f3197a6945ad71e6150801135.svg",
			},
		},
	}
}

// TestHFDay checks the feed day: the requested day when given, else the day
// of submission in the site's time zone.
func TestHFDay(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	entries := map[string]string{
		// Before paper.submittedOnDailyAt: the entry's publishedAt is the submission.
		"old": `{"paper":{"id":"2406.06523","title":"T","publishedAt":"2024-06-10T17:59:46.000Z"},"publishedAt":"2024-06-13T01:59:44.496Z"}`,
		// 2026: submittedOnDailyAt is midnight UTC; publishedAt is another time.
		"new": `{"paper":{"id":"2606.01249","title":"T","publishedAt":"2026-05-31T00:00:00.000Z","submittedOnDailyAt":"2026-06-03T00:00:00.000Z"},"publishedAt":"2026-05-30T20:00:00.000Z"}`,
		// Only the paper's own publication time.
		"bare": `{"paper":{"id":"2401.00001","title":"T","publishedAt":"2024-01-02T03:04:05Z"}}`,
	}
	tests := []struct {
		entry   string
		opts    Options
		day     string
		subTime time.Time
	}{
		{"old", Options{}, "2024-06-13", time.Date(2024, 6, 13, 1, 59, 44, 496e6, time.UTC)},
		{"old", Options{Location: ny}, "2024-06-12", time.Date(2024, 6, 13, 1, 59, 44, 496e6, time.UTC)},
		{"old", Options{Location: ny, FeedDay: "2024-06-13"}, "2024-06-13", time.Date(2024, 6, 13, 1, 59, 44, 496e6, time.UTC)},
		{"new", Options{}, "2026-06-03", time.Date(2026, 6, 3, 0, 0, 0, 0, time.UTC)},
		// Midnight UTC names Hugging Face's day; it is not moved to New York's evening before.
		{"new", Options{Location: ny}, "2026-06-03", time.Date(2026, 6, 3, 0, 0, 0, 0, time.UTC)},
		{"new", Options{Location: ny, FeedDay: "2026-06-03"}, "2026-06-03", time.Date(2026, 6, 3, 0, 0, 0, 0, time.UTC)},
		{"bare", Options{Location: ny}, "2024-01-01", time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)},
		{"bare", Options{FeedDay: "2024-01-05"}, "2024-01-05", time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%s/%s/%q", tt.entry, tt.opts.location(), tt.opts.FeedDay)
		t.Run(name, func(t *testing.T) {
			c, err := hfTestParse(t, []byte("["+entries[tt.entry]+"]"), tt.opts)
			if err != nil || len(c.records) != 1 {
				t.Fatalf("err %v, %d records, rejects %v", err, len(c.records), c.rejects)
			}
			e := c.records[0].Entry
			if e.Day != tt.day || !e.SubmittedAt.Equal(tt.subTime) {
				t.Errorf("day %s at %v, want %s at %v", e.Day, e.SubmittedAt, tt.day, tt.subTime)
			}
		})
	}
}

// TestHFRealDayInNewYork checks that a site in New York puts a real day's
// entries on the day Hugging Face showed them, with or without FeedDay: their
// submittedOnDailyAt is that day's midnight UTC.
func TestHFRealDayInNewYork(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	data := jsonTestRead(t, hfTestFile("2026-06-03"))
	for _, opts := range []Options{{Location: ny}, {Location: ny, FeedDay: "2026-06-03"}} {
		c, err := hfTestParse(t, data, opts)
		if err != nil || len(c.records) != 23 {
			t.Fatalf("err %v, %d records", err, len(c.records))
		}
		want := "2026-06-03"
		for _, r := range c.records {
			if r.Entry.Day != want {
				t.Errorf("%+v: %s on %s, want %s", opts, r.Paper.ID, r.Entry.Day, want)
			}
		}
	}
}

func TestHFBadElements(t *testing.T) {
	data := jsonTestRead(t, hfTestFile("2024-05-29"))
	// Cut the array after its first element and put bad ones after it.
	first := data[:bytes.Index(data, []byte("\n    },\n"))+len("\n    }")]
	good := `{"paper":{"id":"arXiv:2405.00001v2","title":"Good","authors":[{"name":" A\n  B "},{"name":""}]}, "publishedAt":"2024-05-29T01:00:00Z"}`
	bad := []string{
		`42`,
		`"a string"`,
		`null`,
		`{"paper":"not an object"}`,
		`{"paper":{"id":"2405.18047","title":"T","upvotes":"many"}}`,
		`{"paper":{"id":"not-an-id","title":"T"},"publishedAt":"2024-05-29T01:00:00Z"}`,
		`{"paper":{"title":"no id"},"publishedAt":"2024-05-29T01:00:00Z"}`,
		`{"paper":{"id":"2405.18047","title":"  "},"publishedAt":"2024-05-29T01:00:00Z"}`,
		`{"paper":{"id":"2405.18047","title":"T","publishedAt":"yesterday"}}`,
		`{"paper":{"id":"2405.18047","title":"T"}}`, // no time to put it on a day
		`[1, 2]`,
	}
	in := string(first) + ",\n" + strings.Join(bad, ",\n") + ",\n" + good + "\n]"
	c, err := hfTestParse(t, []byte(in), Options{File: "bad.json"})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.records) != 2 || c.records[0].Paper.ID != "2405.18407" || c.records[1].Pos.Index != len(bad)+2 {
		t.Fatalf("%d records: %+v", len(c.records), c.records)
	}
	if diff := cmp.Diff([]paper.Author{{Name: "A B"}}, c.records[1].Paper.Authors); diff != "" {
		t.Errorf("authors (-want +got):\n%s", diff)
	}
	if c.records[1].Paper.ID != "2405.00001" || c.records[1].Paper.Version != 0 {
		t.Errorf("id %q version %d, want 2405.00001 and 0", c.records[1].Paper.ID, c.records[1].Paper.Version)
	}
	var got []int
	for _, r := range c.rejects {
		if !errors.Is(r, ErrMalformed) || r.Pos.File != "bad.json" {
			t.Errorf("reject %v: want ErrMalformed in bad.json", r)
		}
		got = append(got, r.Pos.Index)
	}
	if diff := cmp.Diff([]int{2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, got); diff != "" {
		t.Errorf("rejected indexes (-want +got):\n%s", diff)
	}
}

func TestHFWithdrawnAndSubmitter(t *testing.T) {
	in := `[{"paper":{"id":"2401.00001","title":"T","publishedAt":"2024-01-02T03:04:05Z","withdrawnAt":"2024-02-01T00:00:00Z",
		"submittedOnDailyBy":{"_id":"abc","user":"handle","fullname":"Full  Name","avatarUrl":"//cdn.example/a.png","type":"user"}}},
	{"paper":{"id":"2401.00002","title":"T","publishedAt":"2024-01-02T03:04:05Z","withdrawnAt":null}, "submittedBy":{"fullname":"No handle"}}]`
	c, err := hfTestParse(t, []byte(in), Options{})
	if err != nil || len(c.records) != 2 {
		t.Fatalf("err %v, %d records, rejects %v", err, len(c.records), c.rejects)
	}
	first, second := c.records[0], c.records[1]
	if !first.Paper.Withdrawn || second.Paper.Withdrawn {
		t.Errorf("withdrawn %v, %v; want true, false", first.Paper.Withdrawn, second.Paper.Withdrawn)
	}
	want := &paper.User{Name: "handle", FullName: "Full Name", AvatarURL: "https://cdn.example/a.png", Type: "user", HFID: "abc"}
	if diff := cmp.Diff(want, first.Submitter); diff != "" || first.Entry.Submitter != "handle" {
		t.Errorf("submitter %q (-want +got):\n%s", first.Entry.Submitter, diff)
	}
	if second.Submitter != nil || second.Entry.Submitter != "" {
		t.Errorf("a submitter without a handle: %+v, %q; want none", second.Submitter, second.Entry.Submitter)
	}
}

func TestHFInputErrors(t *testing.T) {
	data := jsonTestRead(t, hfTestFile("2025-03-17"))
	afterFirst := data[:bytes.Index(data, []byte("\n  },\n"))+len("\n  },")]
	tests := []struct {
		name    string
		in      string
		opts    Options
		records int
		err     error
	}{
		{"empty array", "[]", Options{}, 0, nil},
		{"cut in half", string(data[:len(data)/2]), Options{}, -1, ErrTruncated},
		{"cut between elements", string(afterFirst), Options{}, 1, ErrTruncated},
		{"no closing bracket", "[\n", Options{}, 0, ErrTruncated},
		{"broken JSON", `[{"paper":{"id":"2401.00001","title":"T"},"publishedAt":"2024-01-02T03:04:05Z"}, {"paper": ]`, Options{}, 1, ErrMalformed},
		{"missing comma", `[{"paper":{"id":"2401.00001","title":"T"},"publishedAt":"2024-01-02T03:04:05Z"} {}]`, Options{}, 1, ErrMalformed},
		{"empty", "", Options{}, 0, ErrUnsupported},
		{"garbage", "hello, world", Options{}, 0, ErrUnsupported},
		{"an object", `{"paper":{}}`, Options{}, 0, ErrUnsupported},
		{"bad feed day", "[]", Options{FeedDay: "June 3rd"}, 0, errAny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := hfTestParse(t, []byte(tt.in), tt.opts)
			switch {
			case tt.err == nil && err != nil, tt.err != nil && err == nil:
				t.Fatalf("err = %v, want %v", err, tt.err)
			case tt.err != nil && tt.err != errAny && !errors.Is(err, tt.err):
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if tt.records >= 0 && len(c.records) != tt.records {
				t.Errorf("%d records, want %d", len(c.records), tt.records)
			}
		})
	}
}

// errAny stands for any error in test tables.
var errAny = errors.New("any error")

func TestHFElementTooLarge(t *testing.T) {
	in := `[{"paper":{"id":"2401.00001","title":"` + strings.Repeat("a", maxHFElement+(1<<20)) + `"}}]`
	_, err := hfTestParse(t, []byte(in), Options{})
	if !errors.Is(err, ErrMalformed) || errors.Is(err, ErrTruncated) {
		t.Errorf("err = %v, want ErrMalformed", err)
	}
}

func TestHFRecordErrorStops(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	h := Handler{Record: func(Record) error { n++; return stop }}
	data := jsonTestRead(t, hfTestFile("2026-08-21"))
	if err := Parse(context.Background(), FormatHF, bytes.NewReader(data), Options{}, h); !errors.Is(err, stop) || n != 1 {
		t.Errorf("err %v after %d records, want stop after 1", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Parse(ctx, FormatHF, bytes.NewReader(data), Options{}, h); !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
}

// FuzzHF feeds the parser arbitrary responses. It must not panic, must emit
// only records with a canonical id and a well-formed entry, and must end
// with a record, nil or one of the whole-input errors.
func FuzzHF(f *testing.F) {
	f.Add([]byte(`[{"paper":{"id":"2405.18047","authors":[{"name":"Christopher Rae","hidden":false}],"publishedAt":"2024-05-28T11:02:01.000Z","title":"2BP: 2-Stage Backpropagation","summary":"As Deep\nNeural Networks","upvotes":11},"publishedAt":"2024-05-29T03:03:38.875Z","title":"2BP","mediaUrl":"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2405.18047.png","numComments":4}]`))
	f.Add([]byte(`[{"paper":{"id":"2608.19861","publishedAt":"2026-08-20T00:00:00.000Z","submittedOnDailyAt":"2026-08-21T00:00:00.000Z","title":"T","submittedOnDailyBy":{"_id":"1","avatarUrl":"/avatars/a.svg","user":"u","type":"user","name":"u"},"githubStars":8,"withdrawnAt":null},"submittedBy":{"name":"u","avatarUrl":"/avatars/a.svg"},"mediaUrls":["https://x/y.mp4"]}, 42, {"paper":"x"}]`))
	f.Add([]byte(`[{"paper":{"id":"2401.00001","title":"T"},"publishedAt":"2024-01-02T03:04:05Z"}, {"paper": ]`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, opts := range []Options{{}, {FeedDay: "2024-06-13"}} {
			h := Handler{
				Record: checkFuzzRecord,
				Reject: func(e *RecordError) {
					if e.Pos.Index <= 0 || !errors.Is(e, ErrMalformed) {
						t.Errorf("reject %v without an index or ErrMalformed", e)
					}
				},
			}
			err := Parse(context.Background(), FormatHF, bytes.NewReader(data), opts, h)
			if err != nil && !errors.Is(err, ErrTruncated) && !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrMalformed) {
				t.Fatal(err)
			}
		}
	})
}
